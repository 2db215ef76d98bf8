using DataPort.Database;
using DataPort.Jobs;
using DataPort.Server.Endpoints;
using DataPort.Server.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddDataPortDatabase();
builder.AddDataPortWebDefaults();
builder.AddDataPortJobs();
builder.AddDataPortIdentity();

var app = builder.Build();

app.UseDataPortWebDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapHealthEndpoints();
app.MapApiDocs();
app.MapJobs();
app.MapIdentityEndpoints();

app.Run();

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the functional tests.</summary>
public partial class Program;
