using DataPort.Database;
using DataPort.Server.Endpoints;
using DataPort.Server.Infrastructure;

var builder = WebApplication.CreateBuilder(args);

builder.AddDataPortDatabase();
builder.AddDataPortWebDefaults();

var app = builder.Build();

app.UseDataPortWebDefaults();

app.MapHealthEndpoints();
app.MapApiDocs();

app.Run();

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the functional tests.</summary>
public partial class Program;
