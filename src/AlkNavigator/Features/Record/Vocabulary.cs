namespace AlkNavigator.Features.Record;

/// <summary>The fixed choices the record offers (validated at the edge, shown as selects).</summary>
public static class Vocabulary
{
    public static readonly string[] Tkis = AlkDrugs.Labelled;
    public static readonly string[] Chemotherapy = ["carboplatin + pemetrexed", "cisplatin + pemetrexed", "pemetrexed", "docetaxel", "carboplatin + paclitaxel", "carboplatin + pemetrexed + bevacizumab"];
    public static readonly string[] Stages = ["IA1", "IA2", "IA3", "IA", "IB", "IIA", "IIB", "IIIA", "IIIB", "IIIC", "IVA", "IVB", "I", "II", "III", "IV"];
    public static readonly string[] Histologies = ["adenocarcinoma", "squamous", "large cell", "adenosquamous", "other"];
    public static readonly string[] AlkStatuses = ["positive", "negative", "unknown"];
    public static readonly string[] AlkMethods = ["FISH", "IHC", "NGS", "PCR", "liquid-biopsy"];
    public static readonly string[] Sexes = ["female", "male", "other"];
    public static readonly string[] Sites = ["brain", "bone", "liver", "lung", "pleura", "adrenal", "lymph nodes", "leptomeninges", "other"];
    public static readonly string[] BrainStatuses = ["none", "active", "treated-stable", "leptomeningeal"];
    public static readonly string[] StopReasons = ["progression", "side-effects", "completed", "other"];
    public static readonly string[] ProcedureKinds = ["surgery", "radiation"];
    public static readonly string[] FoundBy = ["scan", "symptoms", "liquid-biopsy"];
    public static readonly string[] BiomarkerSources = ["tissue", "liquid-biopsy"];
    public static readonly string[] PlanStatuses = ["not-started", "in-progress", "done"];

    public static readonly (string Key, string Label)[] CareTeamRoles =
    [
        ("oncologist", "Oncologist"), ("nurse", "Nurse, nurse practitioner or physician assistant"), ("thoracic-surgeon", "Thoracic surgeon"),
        ("radiation-oncologist", "Radiation oncologist"), ("pulmonologist", "Pulmonologist"), ("radiologist", "Radiologist"),
        ("pathologist", "Pathologist"), ("palliative-care", "Palliative care"), ("dietitian", "Dietitian"), ("mental-health", "Mental health"),
        ("pharmacist", "Pharmacist"), ("caregiver", "Caregiver or family"), ("other", "Other"),
    ];

    public static string CareTeamRoleLabel(string key) => CareTeamRoles.FirstOrDefault(r => r.Key == key).Label ?? key;

    /// <summary>The labelled TKI an agent names by generic, brand or code name ("Lorbrena" → lorlatinib); see <see cref="AlkDrugs"/>.</summary>
    public static string? TkiIn(string agent) => AlkDrugs.LabelledIn(agent);
}

/// <summary>The guide's progression-planning checklist, one PlanItem per key in every record.</summary>
public static class ProgressionPlan
{
    public static readonly (string Key, string Title, string Help)[] Items =
    [
        ("agree-plan", "Agree a plan with your oncologist", "Talk through what happens if the cancer grows: which tests, which options, how fast."),
        ("team-ready", "Have your care team ready", "Know who is on your team and how to reach each of them."),
        ("primary-caregiver", "Name a primary caregiver", "Someone who knows your wishes and can come to appointments."),
        ("emergency", "Know who to call and which hospital in an emergency", "Keep the numbers and your preferred hospital on your emergency card."),
        ("second-opinion", "Identify an ALK specialist for a second opinion", "An oncologist with ALK experience, ideally before you need them."),
        ("trials", "Explore clinical trials", "Find out which trials might fit if the cancer grows, before it does."),
        ("keep-learning", "Keep learning", "Read about resistance, liquid biopsy and the next treatments."),
    ];

    public static string Title(string key) => Items.FirstOrDefault(i => i.Key == key).Title ?? key;
}
