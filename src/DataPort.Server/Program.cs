using DataPort.Database;
using DataPort.Server.Endpoints;
using DataPort.Server.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddDataPortDatabase();
builder.AddDataPortWebDefaults();
builder.AddDataPortIdentity();

var app = builder.Build();

app.UseDataPortWebDefaults();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapHealthEndpoints();
app.MapApiDocs();
app.MapIdentityEndpoints();

app.Run();

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the functional tests.</summary>
public partial class Program;
