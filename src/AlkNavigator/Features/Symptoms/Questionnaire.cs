using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Symptoms;

// CONTRACT (filled in by the symptoms-core work).

/// <summary>What item choice and rules depend on: the current ALK TKI (null when none) and since when, and today.</summary>
public sealed record SymptomContext(string? Drug, DateOnly? DrugStart, DateOnly Today)
{
    /// <summary>Days since the current drug started (0 on the first day); null when unknown.</summary>
    public int? DaysOnDrug => Drug is null || DrugStart is null ? null : Today.DayNumber - DrugStart.Value.DayNumber;

    /// <summary>From a record (its treatment lines must be loaded): the ongoing line naming a TKI, latest start first.</summary>
    public static SymptomContext FromRecord(PatientRecord record, DateOnly today)
    {
        var current = record.Treatments.Where(t => t.End is null && Vocabulary.TkiIn(t.Agent) is not null).OrderByDescending(t => t.Start).FirstOrDefault();
        return new(current is null ? null : Vocabulary.TkiIn(current.Agent), current?.Start, today);
    }
}

/// <summary>An item to ask, the group it came from (core, tki, drug, safety) and why, in plain words.</summary>
public sealed record QuestionItem(ProItem Item, string Group, string Why);

public static class Questionnaire
{
    /// <summary>The items a check-in asks for this situation, each term once, in asking order.</summary>
    public static IReadOnlyList<QuestionItem> For(SymptomContext context) =>
        ProCtcae.Items.Select(i => new QuestionItem(i, "core", "Asked of everyone in lung cancer follow-up.")).ToList();
}
