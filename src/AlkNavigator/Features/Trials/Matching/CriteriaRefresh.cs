using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// Criteria are parsed once at import, so a better CriteriaParser would otherwise reach only studies that change upstream.
/// On start-up (`serve`, in the background) every stored trial is re-derived when the database's parser version differs from
/// <see cref="ParserVersion"/>: an explicit constant, bumped by whoever changes what CriteriaParser, TrialCategories or
/// TrialRelevance derive. It is not the assembly's module version id: that changed with every unrelated edit to the program,
/// and each such upgrade re-parsed the whole catalogue on every node.
/// </summary>
public static class CriteriaRefresh
{
    private const string Source = "criteria-parser";

    /// <summary>
    /// The version of what import derives from a study (criteria, categories, relevance). Bump it in the same commit as a change to
    /// the parser, the categories or the relevance rules; nothing else re-derives the stored catalogue.
    /// </summary>
    public const int ParserVersion = 20; // 4: sentences read by meaning; 5: with Trial.MatchJson (the compact criteria `trials match` ranks from); 6: named genes and resistance mutations excluded or required; 7: requirements judged per sentence ("not eligible for X" is not an exclusion); 8: one gene's variants as examples are not a generic driver, slash alternatives ("I1171T/N/S"), compound requirements, other alterations required after an ALK TKI; stages ruled out inside an inclusion, squamous excluded inside an inclusion, "permitted but not required", ECOG bounds from exclusions and EcogToCheckUpTo, non-TKI ALK-directed classes; asides that permit and condition histories are not ALK TKI exclusions, "X-naive" for another drug, caregiver studies, sex and ages read from the text, oligoprogression and lesion sizes to check, SomeUntreatedBrainMetsAllowed; MaxPriorLines, PdL1Min, AlkVariantsRequired, ProgressionOnPriorRequired, investigational-only ALK exclusions, plasma/smoking/recurrence to check; 9: a drug named by the mutation it targets is not a mutation exclusion, progression on a TKI excluded is to check (not a prior-TKI exclusion), "ALK-independent" is no ALK exclusion, permissive on-treatment/immunotherapy sentences, "no prior chemotherapy" in an inclusion, caregivers taking part, double negatives about ALK; 10: exact TKI counts, agents an inclusion makes ineligible, "with or without", non-EML4 partners, IHC-alone and PD-L1 assay limits, progression where intolerance may qualify, adjuvant intervals, recurrence trials' history stages, cohort-only exclusions, drug codes containing ALK, brain treatment/size/place/symptom exclusions to check, multi-cohort items, "one or more of" features, sample timing and operability to check; 11: cohort labels with an aside or a dash and cohorts in separate items whose treatment rules pull apart, washouts on ALK TKIs, a negation excludes only the drug it names, caps and "with or without" on chemotherapy and immunotherapy, future chemotherapy, any systemic therapy including adjuvant, earlier-drug exclusions matched to the record's drugs (compact criteria keep their words), non-squamous past a treatment negation, histologies stated excluded, brain metastasis counts to check, progression required with an unknown stop reason, ALK "in addition to" another driver, "other than adjuvant X", plasma beside tissue or for research, ECOG 4 excluded, EGFR or ALK with an aside, adjuvant intervals for completed courses; 12: a condition an earlier TKI caused is no TKI exclusion, what counts as a line requires no kind, any treatment history requires nothing, a study named after its patients' cancer with a double-cancer exclusion is about cancer; 13 (review): ALK washouts judged clause by clause, "other than adjuvant X" to check, conditions on a course to check, a caused condition spares the drug only in its clause, brain counts only with lesion words and not when they permit, qualified earlier-drug exclusions to check, immunotherapy caps only when they name immunotherapy; 14: exclusions naming a condition or medicine outside the cancer kept with its kinds (HealthFacts), planned new treatment and required conditions (impairment, grade ≥ N) to check, leptomeningeal cohorts, untreated brain metastases named among others, "biopsy-proven" cancer and synchronous primaries; 15: site exclusions qualified by risk to check (CheckItem.Site), brain metastases as one of several ways in, windows after resection or diagnosis to check, stage-named cancer populations, "cancer vaccine" as a therapy, long QT and pregnancy kinds; 16 (review and set-l): each health kind matched on its own, medicines named in an item matched to the record's by the interaction table, permitted asides and "uncontrolled" qualifiers, language needs, palliative care, unnamed medicines, conditional leptomeningeal cohorts, several sites in one item, a plan beside "currently receiving", "an ALK TKI other than X", variant-directed therapies, genes written with their test; 17 (set-m): an inclusion item no reader understood is a requirement to check, laboratory limits against the record's values, leptomeningeal populations, brands as generics, permitting clauses and sentences, rules for those without a driver, cohort genes as ways in, use before the current course, pointers to other criteria; 18 (review and set-o): one brain size-or-place vocabulary, dropped sentences keep their neighbours' full stops, ALK tissue required, gene exclusions with a timing or co-occurrence condition, a change to a later ALK TKI, a TKI named as a side effect's cause, symptoms attributed to CNS disease, the metastatic setting of an earlier therapy, "remain eligible", surveillance studies listing brain metastases; 19 (set-p and a review): brain limits judged on the brain clause, the setting of an earlier therapy removed rather than the item skipped, a later ALK TKI keeps the cap beside it, gene timing only with a permission, a TKI as the cause of a side effect in more words, tissue-only ALK not read from "when tissue is insufficient", minimum ages by country, chest radiotherapy and bleeding health kinds, brain conditions by the title, groups named later in an item, Medicare Part D; 20 (set-q): exclusions of earlier TKIs beyond an allowance set elsewhere are to check

    /// <summary>This build's parser version, as stored in SyncState ("criteria-parser").</summary>
    public static string CurrentVersion { get; } = "v" + ParserVersion.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Re-derives every trial when the stored parser version differs; returns the number of trials whose criteria changed.</summary>
    public static async Task<int> RunAsync(AppDbContext db, CancellationToken ct = default)
    {
        var state = await db.SyncStates.FirstOrDefaultAsync(s => s.Source == Source, ct);
        if (state?.LastResult == CurrentVersion) return 0;

        var changed = 0;
        string? after = null;
        while (true)
        {
            var batch = await db.Trials.Where(t => after == null || string.Compare(t.NctId, after) > 0)
                .OrderBy(t => t.NctId).Take(500).ToListAsync(ct);
            if (batch.Count == 0) break;
            foreach (var t in batch)
            {
                var (criteria, categories, relevance, match) = (t.CriteriaJson, t.Categories, t.Relevance, t.MatchJson);
                TrialRelevance.Derive(t);
                if (t.CriteriaJson == criteria && t.Categories == categories && t.Relevance == relevance && t.MatchJson == match) continue;
                t.UpdatedUtc = db.Clock.GetUtcNow().UtcDateTime; // TrialCatalog notices the change and reloads
                changed++;
            }
            await db.SaveChangesAsync(ct);
            db.ChangeTracker.Clear();
            after = batch[^1].NctId;
        }
        await MarkCurrentAsync(db, ct);
        return changed;
    }

    /// <summary>Records that every stored trial was derived by this build (after seeding a new catalogue).</summary>
    public static async Task MarkCurrentAsync(AppDbContext db, CancellationToken ct = default)
    {
        var state = await db.SyncStates.FirstOrDefaultAsync(s => s.Source == Source, ct);
        if (state is null) db.SyncStates.Add(state = new SyncState { Source = Source });
        state.LastResult = CurrentVersion;
        state.LastRunUtc = db.Clock.GetUtcNow().UtcDateTime;
        await db.SaveChangesAsync(ct);
    }
}
