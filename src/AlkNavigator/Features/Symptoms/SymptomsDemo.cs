using AlkNavigator.Data;
using AlkNavigator.Features.Record;

namespace AlkNavigator.Features.Symptoms;

/// <summary>
/// The demo patient's symptom history for `alknav demo`: ten weekly check-ins on lorlatinib (mild ankle swelling
/// throughout, memory trouble that came and went, one week of frequent diarrhoea that raised a "contact" alert, since
/// acknowledged, and frequent diarrhoea again in the latest check-in: a contact alert still open, so a newcomer sees the
/// alert box on the overview and the home page), one answered by the caregiver, and four weeks of dose marks with two missed doses.
/// Alerts come from the real rules (Triage), so the demo shows what the product would have said.
/// </summary>
public static class SymptomsDemo
{
    public static void Add(AppDbContext db, PatientRecord record, string patientId, string caregiverId, DateTime nowUtc)
    {
        const string zoneId = "America/Los_Angeles";
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTimeFromUtc(nowUtc, zone));
        db.SymptomSettings.Add(new SymptomSettings { RecordId = record.Id, TimeZone = zoneId, DoseTimes = "09:00", CheckInDay = (int)DayOfWeek.Monday });

        var context0 = SymptomContext.FromRecord(record, today);
        var drug = context0.Drug;
        IReadOnlyDictionary<string, int> previous = new Dictionary<string, int>();
        IReadOnlyCollection<Answer>? baseline = null;
        for (var week = 9; week >= 0; week--)
        {
            var day = today.AddDays(-7 * week - 1);
            var submitted = TimeZoneInfo.ConvertTimeToUtc(day.ToDateTime(new TimeOnly(19, 30)), zone);
            var context = context0 with { Today = day };
            var items = Questionnaire.For(context);
            var byCaregiver = week == 4;
            var checkIn = new CheckIn
            {
                RecordId = record.Id, Status = CheckInStatus.Submitted, StartedUtc = submitted.AddMinutes(-2), SubmittedUtc = submitted,
                EnteredById = byCaregiver ? caregiverId : patientId,
                EnteredByEmail = byCaregiver ? DemoData.CaregiverEmail : DemoData.PatientEmail, OnBehalf = byCaregiver,
                Drug = drug, DrugStart = context0.DrugStart, Items = string.Join('|', items.Select(i => i.Item.Term)), Step = 99,
                WeightKg = 68.0m + (9 - week) * 0.2m, UpdatedBy = byCaregiver ? DemoData.CaregiverEmail : DemoData.PatientEmail,
            };
            var answers = new List<Answer>();
            foreach (var q in items)
                foreach (var attribute in q.Item.Attributes)
                    answers.Add(new Answer(q.Item.Term, attribute, Value(q.Item.Term, attribute, week)));
            checkIn.Answers = answers.Select(a => new CheckInAnswer { Term = a.Term, Attribute = a.Attribute, Value = a.Value }).ToList();
            db.CheckIns.Add(checkIn);

            var fired = Triage.Evaluate(context, answers, new Measurements(WeightKg: checkIn.WeightKg));
            var kept = Triage.Judge(fired, baseline, previous).Where(j => j.Change != AlertChange.AtBaseline).ToList();
            foreach (var judged in kept)
            {
                var acknowledged = week > 0;
                db.SymptomAlerts.Add(new SymptomAlert
                {
                    RecordId = record.Id, CheckInId = checkIn.Id, RuleId = judged.Alert.Rule.Id, Level = judged.Alert.Rule.Level,
                    Message = judged.Alert.Message, Action = judged.Alert.Rule.Action, Basis = judged.Alert.Rule.Basis,
                    Heading = judged.Alert.Heading, Term = judged.Alert.Term, Score = judged.Alert.Score, Change = judged.Change.ToString().ToLowerInvariant(),
                    CreatedUtc = submitted, AcknowledgedUtc = acknowledged ? submitted.AddHours(14) : null,
                    AcknowledgedByEmail = acknowledged ? DemoData.PatientEmail : null,
                });
            }
            previous = Triage.PreviousOf(kept.Select(j => j.Alert)); // as the check-in page does: the alerts stored last week
            baseline ??= answers;
        }

        // Four weeks of once-daily doses; two missed, the rest taken (today's dose not yet marked).
        for (var d = 1; d <= 28; d++)
        {
            var date = today.AddDays(-d);
            if (drug is null) break;
            db.DoseEntries.Add(new DoseEntry
            {
                RecordId = record.Id, Drug = drug, LocalDate = date, Slot = 0,
                Status = d is 6 or 17 ? DoseStatus.Missed : DoseStatus.Taken,
                MarkedUtc = TimeZoneInfo.ConvertTimeToUtc(date.ToDateTime(new TimeOnly(9, 5)), zone), MarkedByEmail = DemoData.PatientEmail,
            });
        }
    }

    /// <summary>The scripted answers: value per term and attribute, by weeks ago.</summary>
    private static int Value(string term, string attribute, int weeksAgo)
    {
        var t = term.ToLowerInvariant();
        if (t.Contains("swelling")) return attribute == Attributes.Interference ? 0 : 1;
        if (t.Contains("memory")) return weeksAgo is >= 3 and <= 6 ? (attribute == Attributes.Interference ? 1 : 2) : (attribute == Attributes.Severity ? 1 : 0);
        if (t.Contains("diarrhea")) return weeksAgo is 5 or 0 ? 3 : 0;
        if (t.Contains("numbness")) return attribute == Attributes.Severity ? 1 : 0;
        if (t.StartsWith("fatigue", StringComparison.Ordinal)) return attribute == Attributes.Severity ? (weeksAgo >= 7 ? 2 : 1) : (weeksAgo >= 7 ? 1 : 0);
        return 0;
    }
}
