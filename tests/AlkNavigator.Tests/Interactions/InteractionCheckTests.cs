using System.Text.RegularExpressions;
using AlkNavigator.Features.Interactions;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Tests.Interactions;

/// <summary>The interaction table and matching, case by case from the six labels (lorbrena, alunbrig, xalkori, zykadia,
/// alecensa, ensacove) and the FDA CYP3A table; no database.</summary>
public class InteractionCheckTests
{
    /// <summary>The most severe finding for one medicine with one ALK drug (written as the patient might), or null.</summary>
    private static InteractionFinding? Worst(string drug, string medicine) => InteractionCheck.Check(drug, [medicine]).FirstOrDefault();

    [Theory]
    // lorlatinib: strong CYP3A inducers are contraindicated (label section 4; rifampin liver injury), St John's wort included
    [InlineData("lorlatinib", "rifampicin", "rifampicin", "contraindicated")]
    [InlineData("lorlatinib", "Rifampin 600 mg", "rifampicin", "contraindicated")]
    [InlineData("Lorbrena", "Rifadin 600 mg daily", "rifampicin", "contraindicated")]
    [InlineData("lorlatinib", "RIMACTANE", "rifampicin", "contraindicated")]
    [InlineData("lorlatinib", "St John's wort", "St John's wort", "contraindicated")]
    [InlineData("lorlatinib", "St. John's Wort extract", "St John's wort", "contraindicated")]
    [InlineData("lorlatinib", "Hypericum perforatum 300mg", "St John's wort", "contraindicated")]
    [InlineData("lorlatinib", "Tegretol retard", "carbamazepine", "contraindicated")]
    [InlineData("lorlatinib", "Dilantin", "phenytoin", "contraindicated")]
    [InlineData("Lorviqua", "Epanutin 100 mg", "phenytoin", "contraindicated")]
    [InlineData("lorlatinib", "phenobarbital", "phenobarbital", "contraindicated")]
    [InlineData("lorlatinib", "enzalutamide (Xtandi)", "enzalutamide", "contraindicated")]
    [InlineData("lorlatinib", "apalutamide", "apalutamide", "contraindicated")]
    [InlineData("PF-06463922", "mitotane", "mitotane", "contraindicated")]
    // lorlatinib: moderate inducers avoid; strong inhibitors avoid; fluconazole avoid
    [InlineData("lorlatinib", "rifabutin", "rifabutin", "avoid")]
    [InlineData("lorlatinib", "efavirenz", "efavirenz", "avoid")]
    [InlineData("lorlatinib", "Modafinil", "modafinil", "avoid")]
    [InlineData("lorlatinib", "bosentan", "bosentan", "avoid")]
    [InlineData("lorlatinib", "itraconazole (Sporanox)", "itraconazole", "avoid")]
    [InlineData("lorlatinib", "Klacid", "clarithromycin", "avoid")]
    [InlineData("lorlatinib", "Paxlovid", "ritonavir", "avoid")]
    [InlineData("lorlatinib", "cobicistat", "cobicistat", "avoid")]
    [InlineData("lorlatinib", "Diflucan 150mg", "fluconazole", "avoid")]
    [InlineData("lorlatinib", "nirmatrelvir/ritonavir", "ritonavir", "avoid")]
    [InlineData("lorlatinib", "hormonal contraception", "combined hormonal contraceptive", "avoid")]
    // lorlatinib: hormonal contraception may fail (label: non-hormonal contraception); narrow-range CYP3A substrates
    [InlineData("Lorviqua", "Microgynon 30", "combined hormonal contraceptive", "avoid")]
    [InlineData("lorlatinib", "combined pill", "combined hormonal contraceptive", "avoid")]
    [InlineData("lorlatinib", "Mirena coil", "levonorgestrel", "avoid")]
    [InlineData("lorlatinib", "desogestrel 75 microgram", "desogestrel", "avoid")]
    [InlineData("lorlatinib", "tacrolimus", "tacrolimus", "avoid")]
    [InlineData("lorlatinib", "simvastatin 40 mg", "simvastatin", "info")]
    [InlineData("lorlatinib", "diltiazem", "diltiazem", "info")]
    // brigatinib: strong and moderate CYP3A inhibitors and inducers avoid, grapefruit, contraception, heart-slowing, P-gp
    [InlineData("brigatinib", "clarithromycin", "clarithromycin", "avoid")]
    [InlineData("Alunbrig", "diltiazem", "diltiazem", "avoid")]
    [InlineData("brigatinib", "verapamil", "verapamil", "avoid")]
    [InlineData("brigatinib", "grapefruit juice", "grapefruit", "avoid")]
    [InlineData("brigatinib", "rifampicin", "rifampicin", "avoid")]
    [InlineData("brigatinib", "efavirenz", "efavirenz", "avoid")]
    [InlineData("brigatinib", "the pill", "combined hormonal contraceptive", "avoid")]
    [InlineData("brigatinib", "bisoprolol", "bisoprolol", "caution")]
    [InlineData("brigatinib", "digoxin", "digoxin", "caution")]
    // crizotinib: strong inhibitors, grapefruit, strong inducers, QT and heart-slowing drugs
    [InlineData("Xalkori", "ketoconazole", "ketoconazole", "avoid")]
    [InlineData("crizotinib", "grapefruit", "grapefruit", "avoid")]
    [InlineData("crizotinib", "Seville orange marmalade", "grapefruit", "avoid")]
    [InlineData("crizotinib", "carbamazepine", "carbamazepine", "avoid")]
    [InlineData("crizotinib", "ondansetron", "ondansetron", "avoid")]
    [InlineData("crizotinib", "citalopram", "citalopram", "avoid")]
    [InlineData("crizotinib", "atenolol", "atenolol", "avoid")]
    [InlineData("crizotinib", "clonidine", "clonidine", "avoid")]
    [InlineData("crizotinib", "ivabradine", "ivabradine", "avoid")]
    // ceritinib
    [InlineData("Zykadia", "posaconazole (Noxafil)", "posaconazole", "avoid")]
    [InlineData("ceritinib", "Vfend", "voriconazole", "avoid")]
    [InlineData("ceritinib", "methadone", "methadone", "avoid")]
    [InlineData("ceritinib", "Escitalopram 10 mg", "escitalopram", "avoid")]
    [InlineData("ceritinib", "haloperidol", "haloperidol", "avoid")]
    [InlineData("ceritinib", "amiodarone", "amiodarone", "avoid")]
    [InlineData("ceritinib", "warfarin", "warfarin", "caution")]
    [InlineData("ceritinib", "propranolol", "propranolol", "avoid")]
    // alectinib: no dose change with CYP3A inhibitors or inducers (info only); bradycardia warning; P-gp (non-US labels)
    [InlineData("alectinib", "itraconazole", "itraconazole", "info")]
    [InlineData("Alecensa", "rifampicin", "rifampicin", "info")]
    [InlineData("alectinib", "St John's wort", "St John's wort", "info")]
    [InlineData("alectinib", "metoprolol", "metoprolol", "caution")]
    [InlineData("alectinib", "Pradaxa", "dabigatran", "caution")]
    // ensartinib: strong CYP3A inhibitors and inducers avoid
    [InlineData("Ensacove", "ketoconazole", "ketoconazole", "avoid")]
    [InlineData("ensartinib", "phenytoin", "phenytoin", "avoid")]
    public void Each_label_row_gives_its_severity(string drug, string medicine, string agent, string severity)
    {
        var f = Worst(drug, medicine);
        Assert.NotNull(f);
        Assert.Equal(medicine.Trim(), f.Medicine);
        Assert.Equal(agent, f.Agent);
        Assert.Equal(severity, f.Severity);
        Assert.Contains("Ask your oncologist or pharmacist", f.Advice);
    }

    [Theory]
    [InlineData("lorlatinib", "paracetamol")]
    [InlineData("lorlatinib", "Vitamin D3 1000 IU")]
    [InlineData("crizotinib", "grapefruit-free diet")]
    [InlineData("crizotinib", "no grapefruit")]
    [InlineData("lorlatinib", "omeprazole")]          // acid-reducing agents: no labelled row (see README)
    [InlineData("lorlatinib", "ondansetron")]         // lorlatinib has no QT warning
    [InlineData("alectinib", "ondansetron")]
    [InlineData("alectinib", "grapefruit juice")]     // no dose change with CYP3A inhibitors; the label names no grapefruit rule
    [InlineData("lorlatinib", "rifaximin")]           // not rifampicin: whole words only
    [InlineData("lorlatinib", "metformin")]
    [InlineData("crizotinib", "esomeprazole 20 mg")]
    [InlineData("brigatinib", "pravastatin")]
    [InlineData("lorlatinib", "copper coil (non-hormonal contraceptive)")]
    [InlineData("brigatinib", "non-hormonal contraception")]
    public void Unrelated_medicines_give_nothing(string drug, string medicine) =>
        Assert.Empty(InteractionCheck.Check(drug, [medicine]));

    [Fact]
    public void Alectinib_is_never_avoid_or_worse_with_any_cyp3a_inhibitor_or_inducer()
    {
        var cyp = InteractionCheck.Agents.Where(a => a.Classes.Any(c => c.StartsWith("cyp3a-", StringComparison.Ordinal) && c.Contains("in"))).ToList();
        Assert.True(cyp.Count > 30);
        foreach (var a in cyp)
            foreach (var f in InteractionCheck.Check("alectinib", [a.Aliases[0]]).Where(f => f.Agent == a.Name))
                Assert.True(InteractionSeverity.Rank(f.Severity) >= InteractionSeverity.Rank("caution") && (f.Severity == "info" || a.Classes.Contains("heart-slowing")),
                    $"alectinib + {a.Name}: {f.Severity}");
        Assert.Equal("info", Worst("alectinib", "clarithromycin")!.Severity);
    }

    [Fact]
    public void Every_strong_inducer_is_contraindicated_with_lorlatinib_and_at_least_avoid_with_the_others()
    {
        var inducers = InteractionCheck.Agents.Where(a => a.Classes.Contains("cyp3a-strong-inducer")).ToList();
        Assert.Contains(inducers, a => a.Name == "St John's wort");
        foreach (var a in inducers)
        {
            Assert.Equal("contraindicated", Worst("lorlatinib", a.Aliases[0])!.Severity);
            foreach (var drug in new[] { "crizotinib", "ceritinib", "brigatinib", "ensartinib" })
                Assert.Equal("avoid", Worst(drug, a.Aliases[0])!.Severity);
        }
    }

    [Fact]
    public void Contraception_with_lorlatinib_and_brigatinib_says_non_hormonal()
    {
        foreach (var drug in new[] { "lorlatinib", "brigatinib" })
            foreach (var pill in new[] { "combined pill", "Ethinylestradiol/levonorgestrel", "Nexplanon implant", "Depo-Provera", "NuvaRing" })
            {
                var f = Worst(drug, pill)!;
                Assert.Contains(f.Severity, new[] { "avoid", "caution" });
                Assert.Contains("non-hormonal", f.Advice);
                Assert.Contains("contracepti", f.Effect);
            }
        Assert.Empty(InteractionCheck.Check("alectinib", ["combined pill"]));
    }

    [Fact]
    public void Names_match_whole_words_ignoring_case_and_punctuation()
    {
        Assert.Equal(["escitalopram"], InteractionCheck.AgentsIn("Escitalopram 10 mg").Select(a => a.Name));
        Assert.Equal(["citalopram"], InteractionCheck.AgentsIn("CITALOPRAM").Select(a => a.Name));
        Assert.Equal(["St John's wort"], InteractionCheck.AgentsIn("st.john’s-wort tea").Select(a => a.Name));
        Assert.Equal(["St John's wort"], InteractionCheck.AgentsIn("Saint John's Wort").Select(a => a.Name));
        Assert.Equal(["ethinylestradiol", "levonorgestrel"], InteractionCheck.AgentsIn("ethinylestradiol + levonorgestrel").Select(a => a.Name));
        Assert.Empty(InteractionCheck.AgentsIn("Rifaximin"));
        Assert.Empty(InteractionCheck.AgentsIn("grapefruit-free diet"));
        Assert.Empty(InteractionCheck.AgentsIn(""));
    }

    [Fact]
    public void Findings_are_most_severe_first_and_keep_the_patients_words()
    {
        var findings = InteractionCheck.Check("Lorbrena", ["simvastatin", "Microgynon", "paracetamol", "Rifadin 600 mg daily"]);
        Assert.Equal(["contraindicated", "avoid", "info"], findings.Select(f => f.Severity));
        Assert.Equal(["Rifadin 600 mg daily", "Microgynon", "simvastatin"], findings.Select(f => f.Medicine));
    }

    [Fact]
    public void No_current_alk_drug_means_no_findings()
    {
        Assert.Empty(InteractionCheck.Check(null, ["rifampicin"]));
        Assert.Empty(InteractionCheck.Check("carboplatin", ["rifampicin"]));
        var record = new PatientRecord();
        record.Treatments.Add(new TreatmentLine { Agent = "Lorbrena", Start = new DateOnly(2024, 1, 1), End = new DateOnly(2024, 6, 1), StopReason = "progression" });
        record.Medicines.Add(new OtherMedicine { Name = "rifampicin" });
        Assert.Empty(InteractionCheck.Check(record));
        record.Treatments.Add(new TreatmentLine { Agent = "Lorbrena 100 mg", Start = new DateOnly(2024, 7, 1) });
        Assert.Equal("contraindicated", Assert.Single(InteractionCheck.Check(record)).Severity);
    }

    [Fact]
    public void The_table_is_valid_sourced_and_never_tells_the_patient_to_change_a_drug()
    {
        var sources = File.ReadAllLines(Path.Combine(Repo.Root, "content", "sources.yaml"))
            .Select(l => Regex.Match(l, @"^- key: (\S+)")).Where(m => m.Success).Select(m => m.Groups[1].Value).ToHashSet();
        Assert.NotEmpty(InteractionCheck.Rules);
        foreach (var r in InteractionCheck.Rules)
        {
            Assert.Contains(r.Source, sources);
            Assert.Contains(r.Severity, InteractionSeverity.All);
            Assert.Contains("Ask your oncologist or pharmacist", r.Advice);
            Assert.DoesNotMatch(new Regex(@"\b(stop|start|switch)\b", RegexOptions.IgnoreCase), r.Advice);
        }
        Assert.Contains("fda-cyp-table", sources);
        Assert.Contains("crediblemeds-qt", sources);
        // Each of the six labelled drugs has rows.
        Assert.Equal(AlkDrugs.Labelled.OrderBy(x => x), InteractionCheck.Rules.Select(r => r.Drug).Distinct().OrderBy(x => x));
    }

    [Fact]
    public void Validation_catches_a_bad_row()
    {
        var t = InteractionCheck.Parse("""
            classes: { x: "X" }
            agents: [ { name: a, aliases: [a], classes: [x, y] } ]
            rules:
              - { drug: foo, class: x, severity: severe, effect: e, advice: "Stop taking it.", source: s }
            """);
        var problems = InteractionCheck.Validate(t);
        Assert.Contains(problems, p => p.Contains("unknown class y"));
        Assert.Contains(problems, p => p.Contains("drug must be one of"));
        Assert.Contains(problems, p => p.Contains("severity must be one of"));
        Assert.Contains(problems, p => p.Contains("oncologist or pharmacist"));
        Assert.Contains(problems, p => p.Contains("must not tell"));
    }
}
