using DataPort.Trading.Disclosure;
using Microsoft.AspNetCore.Http.HttpResults;

namespace DataPort.Server.Endpoints;

/// <summary>The yearly public report of authorised public data: open to everyone, as JSON or CSV.</summary>
public static class Disclosure
{
    public static IEndpointRouteBuilder MapDisclosure(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/disclosure").WithTags("Disclosure").AllowAnonymous()
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        group.MapGet("/{year:int}", GetDisclosure).WithName(nameof(GetDisclosure));
        group.MapGet("/{year:int}/csv", GetDisclosureCsv).WithName(nameof(GetDisclosureCsv)).Produces<string>(contentType: "text/csv");
        return app;
    }

    public static async Task<Results<Ok<DisclosureReport>, ProblemHttpResult>> GetDisclosure(
        int year, Disclosures disclosures, CancellationToken cancellationToken) =>
        ValidYear(year) is { } problem ? problem : TypedResults.Ok(await disclosures.ForYearAsync(year, cancellationToken));

    public static async Task<Results<FileContentHttpResult, ProblemHttpResult>> GetDisclosureCsv(
        int year, Disclosures disclosures, CancellationToken cancellationToken)
    {
        if (ValidYear(year) is { } problem)
        {
            return problem;
        }
        var report = await disclosures.ForYearAsync(year, cancellationToken);
        // A UTF-8 byte-order mark so spreadsheet programs read the Chinese titles correctly.
        var bytes = System.Text.Encoding.UTF8.GetPreamble().Concat(System.Text.Encoding.UTF8.GetBytes(report.ToCsv())).ToArray();
        return TypedResults.File(bytes, "text/csv; charset=utf-8", $"dataport-disclosure-{year}.csv");
    }

    private static ProblemHttpResult? ValidYear(int year) => year is >= 2020 and <= 9999
        ? null
        : TypedResults.Problem(title: "The request is invalid.", detail: $"year must be 2020 or later; got {year}.",
            statusCode: StatusCodes.Status422UnprocessableEntity);
}
