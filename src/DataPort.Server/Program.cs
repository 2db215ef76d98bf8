using DataPort.Catalog;
using DataPort.Database;
using DataPort.EventStore;
using DataPort.Grains;
using DataPort.Jobs;
using DataPort.Sandbox;
using DataPort.Server.Endpoints;
using DataPort.Server.Infrastructure;
using DataPort.Server.Web;
using DataPort.Trading;

var builder = WebApplication.CreateBuilder(args);

builder.AddDataPortDatabase();
builder.AddDataPortWebDefaults();
builder.AddDataPortWebCatalog();
builder.AddDataPortJobs();
builder.AddDataPortSandbox();
builder.AddDataPortIdentity();
builder.AddDataPortEventStore();
builder.AddDataPortGrains();
builder.AddDataPortTrading();
builder.AddDataPortCatalog();
builder.AddModuleBridges();
builder.AddDevelopmentAuthentication();

var app = builder.Build();

app.UseDataPortWebDefaults();
app.UseDataPortWebCatalog();
app.UseAuthentication();
app.UseAuthorization();
app.UseRateLimiter();
app.UseAntiforgery();

app.MapDataPortWebCatalog();
app.MapJobsDashboard();
app.MapHealthEndpoints();
app.MapApiDocs();
app.MapJobs();
app.MapSandbox();
app.MapIdentityEndpoints();
app.MapAssets();
app.MapDatasets();
app.MapUploads();
app.MapGrants();
app.MapOrders();
app.MapTrading();
app.MapUsage();
app.MapDisclosure();
app.MapLedger();
app.MapVerification();

app.Run();

/// <summary>Visible to <c>WebApplicationFactory&lt;Program&gt;</c> in the functional tests.</summary>
public partial class Program;
