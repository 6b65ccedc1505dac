using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Learn;

/// <summary>
/// Where the record points into the knowledge (issue 14): the current drug to its Learn page, an open symptom alert to that
/// drug's side-effect section, a resistance mutation to its row of the resistance table, a due check to why it is done.
/// Only existing pages and anchors (<c>LearnLinksTests</c> fetches every one); null when there is nothing to point to.
/// </summary>
public static class LearnLinks
{
    /// <summary>The drug page of the labelled ALK inhibitor a treatment names ("Lorbrena 100 mg" → /learn/drugs/lorlatinib).</summary>
    public static string? Drug(string? agent) => AlkDrugs.LabelledIn(agent) is { } g ? $"/learn/drugs/{g}" : null;

    /// <summary>The side-effect section of that drug's page.</summary>
    public static string? SideEffects(string? agent) => Drug(agent) is { } url ? url + "#side-effects" : null;

    /// <summary>The resistance-table row of a mutation, by its residue ("G1202R" → /learn/resistance#mutation-g1202);
    /// null when the table has no row for it (the ids are added when the page is loaded, see ContentStore.MutationRowIds).</summary>
    public static string? Mutation(ContentStore kb, string? alteration)
    {
        if (AlkMutations.In(alteration).FirstOrDefault() is not { } mutation) return null;
        var id = ContentStore.MutationRowId(mutation[..5]); // the residue and position the table's rows are named by (G1202)
        return kb.FindPage("resistance") is { } page && page.MutationRowIds.Contains(id) ? $"{page.Url}#{id}" : null;
    }

    /// <summary>Why a monitoring item is done: the monitoring guide's section for visits and scans or for the label's checks;
    /// the liquid-biopsy section of the resistance page.</summary>
    public static string? WhyDone(string kind) => kind switch
    {
        "visit" or "ct" or "brain-mri" or "pet" => "/learn/monitoring#visits-and-scans",
        "liquid-biopsy" => "/learn/resistance#liquid-biopsy",
        "ecg" => "/learn/monitoring#blood-tests-and-other-checks-each-medicine-needs",
        _ when kind.StartsWith("lab:", StringComparison.Ordinal) || kind.StartsWith("vitals:", StringComparison.Ordinal)
            => "/learn/monitoring#blood-tests-and-other-checks-each-medicine-needs",
        _ => null,
    };
}
