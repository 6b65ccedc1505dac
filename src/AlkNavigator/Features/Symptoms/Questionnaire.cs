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
        import = ProfileJson.Parse(bytes, today); // the one profile reader: a FHIR Bundle is read, {} refused, as on import
        return import.IsValid ? FromRecord(import.Content, today) : null;
    }
}

/// <summary>An item to ask, the group it came from (core, tki, drug, safety) and why, in plain words.</summary>
public sealed record QuestionItem(ProItem Item, string Group, string Why);

/// <summary>
/// Chooses the check-in items: the core set for lung cancer follow-up, the side effects common to every ALK TKI (asked of
/// everyone: with no ALK medicine recorded the person may still be on one), the current drug's own (label warnings and most
/// common reactions, alk-facts section A; with no drug recorded, the heart questions every label needs), and the product's
/// safety questions last (asked of everyone). Each term is asked once: the first group that asks for it keeps it, and the
/// reasons of later groups are added to its Why. Every rule's terms are asked for every drug the rule applies to
/// (QuestionnaireTests checks it), so no rule waits on a question that is never put.
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
        VisionLoss = "Sudden loss of vision", Palpitations = "Pounding or racing heartbeat", Chills = "Shivering or shaking chills",
        Fainting = "Fainting", Seizure = "Seizure", Neuro = "New confusion, one-sided weakness or trouble speaking",
        Liver = "Yellow skin or eyes, or dark urine", Thirst = "Very high thirst or passing much more urine", Belly = "Severe belly pain";

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
        Add(Tki, drug is null
            ? "A common side effect of ALK inhibitors (asked of everyone: no current ALK medicine is recorded, and you may still be taking one)."
            : "A common side effect of ALK inhibitors.", Nausea, Vomiting, Diarrhea, Constipation, Fatigue, Swelling);

        const string heart = "dizziness, fainting or a pounding heartbeat need checking, together with your pulse.";
        switch (drug)
        {
            case "crizotinib":
                Add(DrugGroup, "Crizotinib often affects vision, usually from the first week; it matters for driving.", Blurry, Flashes, Floaters);
                Add(DrugGroup, "Crizotinib can slow the heartbeat (bradycardia) and change its rhythm (QT prolongation): " + heart, Dizziness, Palpitations);
                break;
            case "lorlatinib":
                Add(DrugGroup, "Lorlatinib can affect mood.", Sad, NothingCheers, Anxiety);
                Add(DrugGroup, "Lorlatinib can affect memory and thinking.", Memory, Concentration);
                Add(DrugGroup, "Swelling is the most common side effect of lorlatinib.", Swelling);
                Add(DrugGroup, "Lorlatinib can cause numbness or tingling (nerve effects).", Numbness);
                Add(DrugGroup, "Lorlatinib can affect sleep.", Insomnia);
                Add(DrugGroup, "Lorlatinib can slow the heart's electrical signals (heart block): " + heart, Dizziness, Palpitations);
                break;
            case "brigatinib":
                var early = context.DaysOnDrug is <= 7;
                Add(DrugGroup, early
                    ? "Brigatinib can cause breathing problems, especially in the first week."
                    : "Brigatinib can cause lung inflammation: new or worse breathing problems or cough need checking.", Breath, Cough);
                Add(DrugGroup, "Brigatinib can cause muscle aches and raise a muscle enzyme (CPK).", Muscles);
                Add(DrugGroup, "Brigatinib can slow the heartbeat (bradycardia): " + heart, Dizziness, Palpitations);
                Add(DrugGroup, "Brigatinib can blur or disturb vision.", Blurry);
                Add(DrugGroup, "Rash is a common side effect of brigatinib.", Rash);
                break;
            case "alectinib":
                Add(DrugGroup, "Alectinib can cause muscle aches and raise a muscle enzyme (CPK).", Muscles);
                Add(DrugGroup, "Swelling is a common side effect of alectinib.", Swelling);
                Add(DrugGroup, "Alectinib can slow the heartbeat (bradycardia): " + heart, Dizziness, Palpitations);
                Add(DrugGroup, "Alectinib can make the skin sensitive to sunlight.", Sunlight);
                break;
            case "ceritinib":
                Add(DrugGroup, "Stomach and bowel side effects are very common with ceritinib (taken with food).", Nausea, Vomiting, Diarrhea, Appetite);
                Add(DrugGroup, "Ceritinib can slow the heartbeat (bradycardia) and change its rhythm (QT prolongation): " + heart, Dizziness, Palpitations);
                break;
            case "ensartinib":
                Add(DrugGroup, "Rash is the most common side effect of ensartinib.", Rash);
                Add(DrugGroup, "Ensartinib can make the skin sensitive to sunlight.", Sunlight);
                Add(DrugGroup, "Muscle and bone pain is among the most common side effects of ensartinib.", Muscles);
                Add(DrugGroup, "A slow heartbeat is a warning on the labels of the ALK inhibitors, ensartinib included: " + heart, Dizziness, Palpitations);
                break;
            default:
                Add(Tki, "ALK inhibitors can slow the heartbeat or change its rhythm (asked of everyone: no current ALK medicine is recorded): " + heart,
                    Dizziness, Palpitations);
                break;
        }

        // The safety questions, asked of everyone whatever the treatment, last: each one answered "yes" needs a call.
        Add(Safety, "Chest pain always needs to be checked straight away.", ChestPain);
        Add(Safety, "A fever can mean an infection, which needs treating quickly while on cancer treatment.", Fever);
        Add(Safety, "Shivering or shaking chills (rigors) can mean an infection, even before a fever shows.", Chills);
        Add(Safety, "Fainting can come from a slow or irregular heartbeat, which ALK inhibitors can cause; it needs a call.", Fainting);
        Add(Safety, "ALK-positive lung cancer often spreads to the brain: a seizure needs help straight away.", Seizure);
        Add(Safety, "New confusion, weakness on one side or trouble speaking can be a sign in the brain (a stroke, or the cancer) and need help straight away.", Neuro);
        Add(Safety, "Yellow skin or eyes or dark urine can be a sign of liver inflammation, a warning on every ALK inhibitor's label.", Liver);
        Add(Safety, "Very high thirst or passing much more urine can be a sign of high blood sugar, which some ALK inhibitors cause.", Thirst);
        Add(Safety, "Severe belly pain can be inflammation of the pancreas (a warning of ceritinib and brigatinib) and needs checking straight away.", Belly);
        Add(Safety, "Seeing or hearing things that are not there can be a side effect of treatment (for example lorlatinib) or come from the brain.", Hallucinations);
        Add(Safety, "A sudden loss of vision needs an eye check straight away (crizotinib can rarely cause it).", VisionLoss);
        var selfHarmWhy = "Asked of everyone: thoughts of harming yourself need help straight away, and help is available at any time.";
        if (drug == "lorlatinib") selfHarmWhy += " Lorlatinib can affect mood, rarely with thoughts of self-harm.";
        Add(Safety, selfHarmWhy, SelfHarm);

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
