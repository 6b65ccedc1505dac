using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Symptoms;

/// <summary>What item choice and rules depend on: the current ALK TKI (null when none) and since when, and today.</summary>
public sealed record SymptomContext(string? Drug, DateOnly? DrugStart, DateOnly Today)
{
    /// <summary>Days since the current drug started (0 on the first day); null when unknown.</summary>
    public int? DaysOnDrug => Drug is null || DrugStart is null ? null : Today.DayNumber - DrugStart.Value.DayNumber;

    /// <summary>From a record (its treatment lines must be loaded): the ongoing line naming a TKI, latest start first.</summary>
    public static SymptomContext FromRecord(PatientRecord record, DateOnly today)
    {
        var current = AlkDrugs.CurrentLine(record.Treatments);
        return new(current is null ? null : Vocabulary.TkiIn(current.Agent), current?.Start, today);
    }

    /// <summary>
    /// From a patient profile file (JSON v1, ../shared/formats/patient-profile.md) read with <see cref="ProfileJson.Parse"/>:
    /// the ongoing therapy (no end date, or stopReason "ongoing") naming an ALK TKI, with its start date. Null when the
    /// file has problems (listed in <paramref name="import"/>'s Problems).
    /// </summary>
    public static SymptomContext? FromProfileJson(ReadOnlySpan<byte> bytes, DateOnly today, out ProfileImport import)
    {
        import = ProfileJson.Parse(bytes, today);
        return import.IsValid ? FromRecord(import.Content, today) : null;
    }
}

/// <summary>An item to ask, the group it came from (core, tki, drug, safety) and why, in plain words.</summary>
public sealed record QuestionItem(ProItem Item, string Group, string Why);

/// <summary>
/// Chooses the check-in items: the core set for lung cancer follow-up, the side effects common to every ALK TKI
/// (when on one), the current drug's own (label warnings and most common reactions, alk-facts section A), and the
/// product's safety questions last (chest pain, fever and thoughts of self-harm for everyone, plus the drug's own). Each term is asked once: the first group that asks for it keeps it, and the
/// reasons of later groups are added to its Why.
/// </summary>
public static class Questionnaire
{
    public const string Core = "core", Tki = "tki", DrugGroup = "drug", Safety = "safety";

    private const string
        Breath = "Shortness of breath", Cough = "Cough", Pain = "Pain", Fatigue = "Fatigue, tiredness, or lack of energy",
        Appetite = "Decreased appetite", Nausea = "Nausea", Vomiting = "Vomiting", Diarrhea = "Loose or watery stools (diarrhea)",
        Constipation = "Constipation", Swelling = "Arm or leg swelling", Muscles = "Aching muscles", Blurry = "Blurry vision",
        Flashes = "Flashing lights", Floaters = "Spots or lines (floaters)", Dizziness = "Dizziness", Sad = "Sad or unhappy feelings",
        NothingCheers = "Feel that nothing could cheer you up", Anxiety = "Anxiety", Memory = "Problems with memory",
        Concentration = "Problems with concentration", Numbness = "Numbness or tingling", Insomnia = "Insomnia", Rash = "Rash",
        Sunlight = "Increased skin sensitivity to sunlight", ChestPain = "Chest pain", Fever = "Fever",
        Hallucinations = "Seeing or hearing things that are not there", SelfHarm = "Thoughts of harming yourself",
        VisionLoss = "Sudden loss of vision";

    /// <summary>The items a check-in asks for this situation, each term once, in asking order.</summary>
    public static IReadOnlyList<QuestionItem> For(SymptomContext context)
    {
        var list = new List<(string Term, string Group, string Why)>();
        void Add(string group, string why, params string[] terms)
        {
            foreach (var term in terms) list.Add((term, group, why));
        }

        const string core = "Asked of everyone in lung cancer follow-up: a change can be the first sign that something needs checking.";
        Add(Core, core, Breath, Cough, Pain, Fatigue, Appetite);

        var drug = context.Drug?.ToLowerInvariant();
        if (drug is not null)
            Add(Tki, "A common side effect of ALK inhibitors.", Nausea, Vomiting, Diarrhea, Constipation, Fatigue, Swelling);

        var safety = new List<(string Term, string Why)>
        {
            (ChestPain, "Chest pain always needs to be checked straight away."),
            (Fever, "A fever can mean an infection or, with a cough or breathlessness, lung inflammation; it needs a call."),
        };
        // Asked of everyone, last: thoughts of self-harm are always urgent, whatever the treatment.
        var selfHarmWhy = "Asked of everyone: thoughts of harming yourself need help straight away, and help is available at any time.";
        switch (drug)
        {
            case "crizotinib":
                Add(DrugGroup, "Crizotinib often affects vision, usually from the first week; it matters for driving.", Blurry, Flashes, Floaters);
                Add(DrugGroup, "Crizotinib can slow the heartbeat, which can make you dizzy.", Dizziness);
                safety.Add((VisionLoss, "Crizotinib can rarely cause severe loss of vision, which needs checking straight away."));
                break;
            case "lorlatinib":
                Add(DrugGroup, "Lorlatinib can affect mood.", Sad, NothingCheers, Anxiety);
                Add(DrugGroup, "Lorlatinib can affect memory and thinking.", Memory, Concentration);
                Add(DrugGroup, "Swelling is the most common side effect of lorlatinib.", Swelling);
                Add(DrugGroup, "Lorlatinib can cause numbness or tingling (nerve effects).", Numbness);
                Add(DrugGroup, "Lorlatinib can affect sleep.", Insomnia);
                safety.Add((Hallucinations, "Lorlatinib can rarely cause hallucinations."));
                selfHarmWhy += " Lorlatinib can affect mood, rarely with thoughts of self-harm.";
                break;
            case "brigatinib":
                var week1 = context.DaysOnDrug is <= 7;
                Add(DrugGroup, week1
                    ? "Brigatinib can cause breathing problems, especially in the first week."
                    : "Brigatinib can cause lung inflammation: new or worse breathing problems or cough need checking.", Breath, Cough);
                Add(DrugGroup, "Brigatinib can cause muscle aches and raise a muscle enzyme (CPK).", Muscles);
                break;
            case "alectinib":
                Add(DrugGroup, "Alectinib can cause muscle aches and raise a muscle enzyme (CPK).", Muscles);
                Add(DrugGroup, "Swelling is a common side effect of alectinib.", Swelling);
                break;
            case "ceritinib":
                Add(DrugGroup, "Stomach and bowel side effects are very common with ceritinib (taken with food).", Nausea, Vomiting, Diarrhea, Appetite);
                break;
            case "ensartinib":
                Add(DrugGroup, "Rash is the most common side effect of ensartinib.", Rash);
                Add(DrugGroup, "Ensartinib can make the skin sensitive to sunlight.", Sunlight);
                break;
        }
        safety.Add((SelfHarm, selfHarmWhy));
        foreach (var (term, why) in safety) Add(Safety, why, term);

        var result = new List<QuestionItem>();
        foreach (var (term, group, why) in list)
        {
            var at = result.FindIndex(q => q.Item.Term == term);
            if (at < 0) result.Add(new QuestionItem(ProCtcae.Find(term) ?? throw new InvalidOperationException($"unknown term {term}"), group, why));
            else if (!result[at].Why.Contains(why, StringComparison.Ordinal)) result[at] = result[at] with { Why = result[at].Why + " " + why };
        }
        return result;
    }
}
