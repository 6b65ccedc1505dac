using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>ProfileJson: writing a record as profile JSON v1 (export, and the API's GETs).</summary>
public static partial class ProfileJson
{
    // ------------------------------------------------------------------ export

    /// <summary>The record (with its collections loaded) as profile JSON v1 plus the "alknav" extension.</summary>
    public static JsonObject Export(PatientRecord r, DateOnly today)
    {
        var o = new JsonObject { ["id"] = r.Id.ToString() };
        if (r.BirthYear is { } by) o["age"] = today.Year - by;
        Put(o, "sex", r.Sex);
        Put(o, "country", r.Country);
        Put(o, "postalCode", r.PostalCode);

        var diagnosis = new JsonObject();
        Put(diagnosis, "date", r.DiagnosisDate);
        Put(diagnosis, "histology", r.Histology);
        Put(diagnosis, "stage", r.Stage);
        var alk = new JsonObject();
        Put(alk, "status", r.AlkStatus);
        Put(alk, "method", r.AlkMethod);
        Put(alk, "fusion", FormatFusion(r.FusionPartner, r.FusionVariant));
        if (alk.Count > 0) diagnosis["alk"] = alk;
        if (diagnosis.Count > 0) o["diagnosis"] = diagnosis;

        var metastases = new JsonArray();
        foreach (var s in CurrentSites(r.Sites))
        {
            var m = new JsonObject { ["site"] = s.Site };
            Put(m, "status", s.Status);
            Put(m, "note", s.Note);
            metastases.Add(m);
        }
        o["metastases"] = metastases;

        if (CurrentEcog(r.EcogEntries) is { } ecog) o["ecog"] = ecog.Score;

        var treatments = OrderedTreatments(r.Treatments);
        var therapies = new JsonArray();
        for (var i = 0; i < treatments.Count; i++)
        {
            var t = treatments[i];
            var j = new JsonObject { ["line"] = i + 1, ["agent"] = t.Agent, ["start"] = Iso(t.Start) };
            Put(j, "end", t.End);
            Put(j, "stopReason", t.StopReason == "side-effects" ? "toxicity" : t.StopReason ?? (t.End is null ? "ongoing" : null));
            therapies.Add(j);
        }
        o["therapies"] = therapies;

        var procedures = Ordered(r.Procedures, p => p.Date).ToList();
        o["procedures"] = new JsonArray(procedures.Select(p =>
        {
            var j = new JsonObject { ["kind"] = p.Kind, ["name"] = p.Name };
            Put(j, "date", p.Date);
            return (JsonNode)j;
        }).ToArray());

        o["biomarkers"] = new JsonArray(Ordered(r.Biomarkers, b => b.Date).Select(b =>
        {
            var j = new JsonObject { ["gene"] = b.Gene, ["alteration"] = b.Alteration };
            Put(j, "source", b.Source);
            Put(j, "date", b.Date);
            Put(j, "note", b.Note);
            return (JsonNode)j;
        }).ToArray());
        Put(o, "notes", r.Notes);

        // The extension: what the profile cannot hold.
        var x = new JsonObject { ["version"] = ExtensionVersion };
        Put(x, "displayName", r.DisplayName);
        if (r.BirthYear is { } year) x["birthYear"] = year;
        Put(x, "allergies", r.Allergies);
        Put(x, "preferredHospital", r.PreferredHospital);
        var xd = new JsonObject();
        Put(xd, "stageT", r.StageT);
        Put(xd, "stageN", r.StageN);
        Put(xd, "stageM", r.StageM);
        Put(xd, "pdL1", r.PdL1);
        Put(xd, "fusionPartner", r.FusionPartner);
        Put(xd, "fusionVariant", r.FusionVariant);
        x["diagnosis"] = xd;
        x["therapies"] = new JsonArray(treatments.Select(t =>
        {
            var j = new JsonObject();
            Put(j, "dose", t.Dose);
            Put(j, "schedule", t.Schedule);
            Put(j, "note", t.Note);
            return (JsonNode)j;
        }).ToArray());
        x["procedures"] = new JsonArray(procedures.Select(p =>
        {
            var j = new JsonObject();
            Put(j, "note", p.Note);
            return (JsonNode)j;
        }).ToArray());
        x["siteHistory"] = new JsonArray(Ordered(r.Sites, s => s.Date).Select(s =>
        {
            var j = new JsonObject { ["date"] = Iso(s.Date), ["site"] = s.Site };
            Put(j, "status", s.Status);
            Put(j, "note", s.Note);
            return (JsonNode)j;
        }).ToArray());
        x["ecogHistory"] = new JsonArray(Ordered(r.EcogEntries, e => e.Date).Select(e =>
        {
            var j = new JsonObject { ["date"] = Iso(e.Date), ["score"] = e.Score };
            Put(j, "note", e.Note);
            return (JsonNode)j;
        }).ToArray());
        x["progressions"] = new JsonArray(Ordered(r.Progressions, p => p.Date).Select(p =>
        {
            var j = new JsonObject { ["date"] = Iso(p.Date), ["where"] = p.Where };
            Put(j, "foundBy", p.FoundBy);
            Put(j, "note", p.Note);
            return (JsonNode)j;
        }).ToArray());
        x["medicines"] = new JsonArray(Ordered(r.Medicines, _ => null).Select(m =>
        {
            var j = new JsonObject { ["name"] = m.Name };
            Put(j, "dose", m.Dose);
            Put(j, "note", m.Note);
            return (JsonNode)j;
        }).ToArray());
        x["careTeam"] = new JsonArray(Ordered(r.CareTeam, _ => null).Select(c =>
        {
            var j = new JsonObject { ["role"] = c.Role, ["name"] = c.Name };
            Put(j, "organisation", c.Organisation);
            Put(j, "phone", c.Phone);
            Put(j, "email", c.Email);
            Put(j, "notes", c.Notes);
            if (c.IsEmergencyContact) j["emergencyContact"] = true;
            if (c.IsPrimaryCaregiver) j["primaryCaregiver"] = true;
            if (c.IsAlkSpecialist) j["alkSpecialist"] = true;
            return (JsonNode)j;
        }).ToArray());
        var planOrder = ProgressionPlan.Items.Select(i => i.Key).ToList();
        x["plan"] = new JsonArray(r.PlanItems
            .OrderBy(p => planOrder.IndexOf(p.Key) is var k and >= 0 ? k : int.MaxValue).ThenBy(p => p.Key, StringComparer.Ordinal)
            .Select(p =>
            {
                var j = new JsonObject { ["key"] = p.Key, ["status"] = p.Status };
                Put(j, "note", p.Note);
                Put(j, "date", p.Date);
                return (JsonNode)j;
            }).ToArray());
        o["alknav"] = x;
        return o;
    }

    public static string Serialize(JsonNode node) => node.ToJsonString(WriteOptions);

    public static string ExportString(PatientRecord r, DateOnly today) => Serialize(Export(r, today));

    public static byte[] ExportBytes(PatientRecord r, DateOnly today) => Encoding.UTF8.GetBytes(ExportString(r, today) + "\n");

    private static string Iso(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static void Put(JsonObject o, string name, string? value)
    {
        if (!string.IsNullOrEmpty(value)) o[name] = value;
    }

    private static void Put(JsonObject o, string name, DateOnly? value)
    {
        if (value is { } d) o[name] = Iso(d);
    }
}
