using Microsoft.AspNetCore.Http.HttpResults;

namespace AlkNavigator.Features.Learn;

public static class LearnApi
{
    public sealed record DrugSummary(string Id, string Name, string Brand, int Generation, string Maker, string Dose, string Food, string? FirstApproval, string? FirstLineApproval, string Url);
    public sealed record SourceRef(string Key, string Title, string? Url);
    public sealed record SourcedText(string Text, string? Title, IReadOnlyList<string> Sources);
    public sealed record SourcedFigure(string Label, string Value, IReadOnlyList<string> Sources);
    public sealed record ApprovalInfo(string Date, string Kind, string Text, IReadOnlyList<string> Sources);
    public sealed record TrialInfo(string Name, string Citation, string? Design, string? Comparator, IReadOnlyList<SourcedFigure> Figures);
    public sealed record DrugDetail(
        string Id, string Name, string Brand, IReadOnlyList<string> OtherBrands, int Generation, string Maker, string Summary, string Reviewed,
        IReadOnlyList<ApprovalInfo> Approvals, SourcedText Dose, int TimesPerDay, SourcedText Food, bool TakeWithFood, SourcedText MissedDose, SourcedText? Vomiting, SourcedText? DoseReductions,
        TrialInfo Trial, IReadOnlyList<SourcedText> CommonSideEffects, IReadOnlyList<SourcedText> Warnings, IReadOnlyList<SourcedText> SpecificEffects,
        IReadOnlyList<SourcedText> Monitoring, IReadOnlyList<SourcedText> Interactions, IReadOnlyList<SourceRef> Sources, string Url);
    public sealed record SearchResponse(string Query, int Count, IReadOnlyList<SearchHit> Results);

    public static void MapLearnApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").WithTags("Learn").AllowAnonymous();

        api.MapGet("/drugs", (ContentStore content) => content.Drugs.Select(Summary).ToList())
            .WithName("ListDrugs").WithSummary("The six ALK tyrosine kinase inhibitors, oldest approval first.");

        api.MapGet("/drugs/{id}", Results<Ok<DrugDetail>, ProblemHttpResult> (string id, ContentStore content) =>
                content.FindDrug(id) is { } d
                    ? TypedResults.Ok(Detail(d, content))
                    : TypedResults.Problem($"No drug with id '{id}'. Use a generic name such as 'lorlatinib'.", statusCode: 404, title: "Drug not found"))
            .WithName("GetDrug").WithSummary("One drug by generic name, with every fact's sources.").ProducesProblem(404);

        api.MapGet("/search", Results<Ok<SearchResponse>, ProblemHttpResult> (string? q, ContentStore content) =>
            {
                if (string.IsNullOrWhiteSpace(q))
                    return TypedResults.Problem("Give a search text in the 'q' parameter, e.g. /api/search?q=G1202R.", statusCode: 400, title: "Missing query");
                if (q.Length > 200)
                    return TypedResults.Problem("The search text can be at most 200 characters.", statusCode: 400, title: "Query too long");
                var hits = content.Search.Query(q);
                return TypedResults.Ok(new SearchResponse(q, hits.Count, hits));
            })
            .WithName("SearchContent").WithSummary("Search across all Learn content.").ProducesProblem(400);
    }

    private static DrugSummary Summary(Drug d) =>
        new(d.Id, d.Name, d.Brand, d.Generation, d.Maker, d.Dose.Text, d.Food.Text, d.FirstApproval?.Date, d.FirstLineApproval?.Date, d.Url);

    private static SourcedText T(Fact f) => new(f.Text, f.Title, f.SourceKeys.ToList());

    private static DrugDetail Detail(Drug d, ContentStore content)
    {
        var keys = d.AllSourced().SelectMany(s => s.SourceKeys).Distinct().ToList();
        return new DrugDetail(d.Id, d.Name, d.Brand, d.OtherBrands ?? [], d.Generation, d.Maker, d.Summary, d.Reviewed,
            d.Approvals.Select(a => new ApprovalInfo(a.Date, a.Kind, a.Text, a.SourceKeys.ToList())).ToList(),
            new(d.Dose.Text, null, d.Dose.SourceKeys.ToList()), d.Dose.TimesPerDay,
            new(d.Food.Text, null, d.Food.SourceKeys.ToList()), d.Food.WithFood,
            T(d.MissedDose), d.Vomiting is null ? null : T(d.Vomiting), d.DoseReductions is null ? null : T(d.DoseReductions),
            new TrialInfo(d.Trial.Name, d.Trial.Citation, d.Trial.Design, d.Trial.Comparator,
                d.Trial.Figures.Select(f => new SourcedFigure(f.Label, f.Value, f.SourceKeys.ToList())).ToList()),
            d.CommonSideEffects.Select(T).ToList(), d.Warnings.Select(T).ToList(), d.SpecificEffects.Select(T).ToList(),
            d.Monitoring.Select(T).ToList(), d.Interactions.Select(T).ToList(),
            keys.Select(k => content.Bibliography[k]).Select(s => new SourceRef(s.Key, s.Title, s.Url)).ToList(), d.Url);
    }
}
