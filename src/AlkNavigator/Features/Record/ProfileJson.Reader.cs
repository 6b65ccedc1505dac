using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>ProfileJson: reading and validating profile JSON (every problem with its line and path; nothing saved when any).</summary>
public static partial class ProfileJson
{
    // ------------------------------------------------------------------ import: reading and validating

    private static readonly string[] TopLevel = ["id", "age", "birthYear", "sex", "country", "postalCode", "diagnosis", "metastases", "ecog", "therapies", "procedures", "biomarkers", "notes", "alknav"];

    private static readonly (string, string)[] StopReasonSynonyms = [("toxicity", "side-effects"), ("ongoing", "ongoing")];
    private static readonly (string, string)[] SiteSynonyms = [("lymph node", "lymph nodes"), ("adrenal gland", "adrenal"), ("adrenal glands", "adrenal"), ("bones", "bone"), ("lungs", "lung")];

    /// <summary>
    /// Reads and validates a profile file (UTF-8 JSON): the one reader every caller uses (see ProfileJson.Contract.cs). Nothing is
    /// saved here. A FHIR Bundle is read by Fhir.FhirImport; a document that is not a profile (an array, another FHIR resource) is refused before it is read; the
    /// structure is checked against the JSON Schema and the rest in code. With <paramref name="requireContent"/> (every caller but
    /// one), a file that would give an empty record (<c>{}</c>, any other JSON object without profile content) is a problem:
    /// importing it would wipe the record, and there is nothing to compute from. Only a restore of a snapshot passes false.
    /// </summary>
    public static ProfileImport Parse(ReadOnlySpan<byte> bytes, DateOnly today, bool requireContent = true)
    {
        var result = new ProfileImport();
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        if (bytes.Length > MaxBytes)
        {
            result.Problems.Add(new(1, "$", $"the file is {bytes.Length / 1024} KB; a profile can be at most {MaxBytes / 1024 / 1024} MB"));
            return result;
        }
        var w = ReadDocument(bytes, today, result.Problems, result.Warnings, out var doc);
        if (doc is null) return result;
        using (doc)
        {
            var root = doc.RootElement;
            // A FHIR Bundle (mCODE) is read by the FHIR reader into the same import (Features/Fhir).
            if (Recognise(root) == ProfileInputKind.FhirBundle) return Fhir.FhirImport.Read(bytes, today);
            if (NotAProfileMessage(root) is { } notAProfile)
            {
                w.Error("$", notAProfile);
                return result;
            }
            ReadProfile(w, root, result);
            CheckSchema(w, root);
            if (requireContent && result.IsValid && IsEmpty(result)) w.Error("$", NoContentMessage);
        }
        SortByLine(result.Problems);
        SortByLine(result.Warnings);
        return result;
    }

    /// <summary>True when the file gave nothing at all: no patient, diagnosis or clinical entry, no name, care team or plan.</summary>
    private static bool IsEmpty(ProfileImport import)
    {
        var r = import.Content;
        return !import.HasDisplayName && !import.HasPreferredHospital
            && r.BirthYear is null && r.Sex is null && r.Country is null && r.PostalCode is null && r.Allergies is null && r.Notes is null
            && r.DiagnosisDate is null && r.Histology is null && r.Stage is null && r.StageT is null && r.StageN is null && r.StageM is null
            && r.AlkStatus is null && r.AlkMethod is null && r.FusionPartner is null && r.FusionVariant is null && r.PdL1 is null
            && !AllItems(r).Any();
    }

    private const string NoContentMessage =
        "The file has no patient profile content: none of age, sex, country, diagnosis, metastases, ecog, therapies, procedures, " +
        "biomarkers, notes or the \"alknav\" extension has a value. Importing it would empty the record (and there is nothing in it " +
        "to work from), so it was refused. " + UseAProfile;

    private static void SortByLine(List<ProfileProblem> list)
    {
        var sorted = list.OrderBy(p => p.Line).ToList(); // stable: same-line entries keep the order they were found in
        list.Clear();
        list.AddRange(sorted);
    }

    /// <summary>
    /// Reads one treatment line {agent, dose?, schedule?, start, end?, stopReason?, note?} with the same rules as the
    /// profile's therapies (stopReason accepts the record's spellings and the profile's "toxicity" / "ongoing").
    /// </summary>
    public static (TreatmentLine? Line, List<ProfileProblem> Problems, List<ProfileProblem> Warnings) ParseTreatment(ReadOnlySpan<byte> bytes, DateOnly today)
    {
        List<ProfileProblem> problems = [], warnings = [];
        var w = ReadDocument(bytes, today, problems, warnings, out var doc);
        if (doc is null) return (null, problems, warnings);
        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                w.Error("$", $"must be a JSON object ({{ ... }}), not {Kind(root)}");
                return (null, problems, warnings);
            }
            w.Known(root, "$", ["agent", "dose", "schedule", "start", "end", "stopReason", "note"]);
            var t = ReadTherapy(w, root, "$", withLine: false);
            if (t is not null)
            {
                t.Dose = w.Str(root, "$", "dose", 200);
                t.Schedule = w.Str(root, "$", "schedule", 200);
                t.Note = w.Str(root, "$", "note", 2000);
            }
            SortByLine(problems);
            SortByLine(warnings);
            return (problems.Count == 0 ? t : null, problems, warnings);
        }
    }

    private static Walker ReadDocument(ReadOnlySpan<byte> bytes, DateOnly today, List<ProfileProblem> problems, List<ProfileProblem> warnings, out JsonDocument? doc)
    {
        doc = null;
        if (bytes.StartsWith("\uFEFF"u8)) bytes = bytes[3..];
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var w = new Walker(lines, today, problems, warnings);
        if (bytes.IsEmpty || bytes.Trim(" \t\r\n"u8).IsEmpty)
        {
            w.Error("$", "the file is empty");
            return w;
        }
        if (!System.Text.Unicode.Utf8.IsValid(bytes))
        {
            var (line, at) = (1, 0);
            while (at < bytes.Length)
            {
                if (System.Text.Rune.DecodeFromUtf8(bytes[at..], out _, out var used) != System.Buffers.OperationStatus.Done) break;
                if (bytes[at] == (byte)'\n') line++;
                at += used;
            }
            problems.Add(new(line, "$", $"the file is not UTF-8 text (byte 0x{bytes[Math.Min(at, bytes.Length - 1)]:X2}); save it with UTF-8 encoding"));
            return w;
        }
        try
        {
            doc = JsonDocument.Parse(bytes.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 32 });
        }
        catch (JsonException e)
        {
            var message = JsonNoise().Replace(e.Message, "").Trim();
            var column = e.BytePositionInLine is { } b ? $" (column {b + 1})" : "";
            problems.Add(new((int)(e.LineNumber ?? 0) + 1, string.IsNullOrEmpty(e.Path) ? "$" : e.Path, $"the file is not valid JSON{column}: {message}"));
            return w;
        }
        if (!MapLines(bytes, lines, w))
        {
            // A string that cannot be read as text (a lone UTF-16 surrogate such as "\ud800"): reported with its path, nothing else is read.
            doc.Dispose();
            doc = null;
        }
        return w;
    }

    [GeneratedRegex(@"\s*(Path: .*)?\|?\s*LineNumber: \d+ \| BytePositionInLine: \d+\.?\s*$")]
    private static partial Regex JsonNoise();

    /// <summary>
    /// Records the line of every property and array element, by JSON path ("$.therapies[1].start"), and flags duplicate properties
    /// and strings that are not text (an escaped lone UTF-16 surrogate, "\ud800"); false when there was such a string.
    /// </summary>
    private static bool MapLines(ReadOnlySpan<byte> json, Dictionary<string, int> lines, Walker w)
    {
        var textOk = true;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 32 });
        var stack = new Stack<(string Path, bool IsArray, int[] Index, HashSet<string> Names)>();
        var line = 1;
        var counted = 0L;
        string? pendingProperty = null;
        while (reader.Read())
        {
            for (; counted < reader.TokenStartIndex; counted++)
                if (json[(int)counted] == (byte)'\n') line++;
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                var top = stack.Peek();
                if (!TryGetText(ref reader, out var name))
                {
                    textOk = false;
                    w.Problems.Add(new(line, top.Path, $"a property name {BadText}"));
                    name = "\uFFFD" + top.Index[0]++;
                }
                pendingProperty = Walker.Child(top.Path, name);
                if (!top.Names.Add(name))
                    w.Problems.Add(new(line, pendingProperty, $"\"{name}\" appears twice in the same object; give it once"));
                lines.TryAdd(pendingProperty, line);
                continue;
            }
            if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
            {
                stack.Pop();
                continue;
            }
            string path;
            if (stack.Count == 0) path = "$";
            else if (stack.Peek().IsArray)
            {
                var top = stack.Peek();
                path = $"{top.Path}[{top.Index[0]++}]";
            }
            else path = pendingProperty ?? "$";
            lines.TryAdd(path, line);
            if (reader.TokenType == JsonTokenType.String && !TryGetText(ref reader, out _))
            {
                textOk = false;
                w.Problems.Add(new(line, path, BadText));
            }
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
                stack.Push((path, reader.TokenType == JsonTokenType.StartArray, [0], new HashSet<string>(StringComparer.Ordinal)));
        }
        return textOk;
    }

    private const string BadText = "contains an escape that is not text (a lone UTF-16 surrogate such as \"\\ud800\"); remove it or write the character itself";

    private static bool TryGetText(ref Utf8JsonReader reader, out string text)
    {
        try
        {
            text = reader.GetString() ?? "";
            return true;
        }
        catch (InvalidOperationException)
        {
            text = "";
            return false;
        }
    }

    private static void ReadProfile(Walker w, JsonElement root, ProfileImport result)
    {
        var today = w.Today;
        var r = result.Content;
        w.Known(root, "$", TopLevel);

        foreach (var p in root.EnumerateObject())
            if (p.Value.ValueKind != JsonValueKind.Null) result.Given.Add(p.Name);
        if (w.Has(root, "id", out var id))
        {
            if (id.ValueKind != JsonValueKind.String) w.Error("$.id", $"must be a string, not {Kind(id)}");
            else result.ProfileId = id.GetString();
        }

        var age = w.Int(root, "$", "age", 0, 130);
        var birthYear = w.Int(root, "$", "birthYear", 1900, today.Year);
        if (birthYear is { } by)
        {
            r.BirthYear = by;
            if (age is { } a && Math.Abs(today.Year - by - a) > 1)
                w.Error("$.age", $"{a} does not fit birthYear {by} (that would be about {today.Year - by})");
        }
        else if (age is { } a) r.BirthYear = today.Year - a;

        r.Sex = w.Enum(root, "$", "sex", Vocabulary.Sexes);
        if (w.Str(root, "$", "country", 100) is { } country)
        {
            // A code or, from older or hand-written files, a country name ("United Kingdom", "UK"): stored as its ISO code.
            if (CountryCodes.Normalize(country) is { } code) r.Country = code;
            else w.Error("$.country", $"\"{country}\" is not a two-letter ISO 3166-1 country code such as \"US\", \"CA\" or \"GB\", nor a country name");
        }
        r.PostalCode = w.Str(root, "$", "postalCode", 40);
        r.Notes = w.Str(root, "$", "notes", 4000);

        string? fusion = null;
        var fusionPath = "$.diagnosis.alk.fusion";
        if (w.Obj(root, "$", "diagnosis") is { } d)
        {
            w.Known(d, "$.diagnosis", ["date", "histology", "stage", "alk"]);
            r.DiagnosisDate = w.Date(d, "$.diagnosis", "date");
            if (w.Str(d, "$.diagnosis", "histology", 100) is { } h)
                r.Histology = Vocabulary.Histologies.FirstOrDefault(x => Key(x) == Key(h)) ?? h;
            if (w.Str(d, "$.diagnosis", "stage", 40) is { } stage)
            {
                var s = StagePrefix().Replace(stage, "").Replace(" ", "").ToUpperInvariant();
                if (Vocabulary.Stages.Contains(s)) r.Stage = s;
                else w.Error("$.diagnosis.stage", $"\"{stage}\" is not an AJCC stage group ({string.Join(", ", Vocabulary.Stages)})");
            }
            if (w.Obj(d, "$.diagnosis", "alk") is { } alk)
            {
                w.Known(alk, "$.diagnosis.alk", ["status", "method", "fusion"]);
                r.AlkStatus = w.Enum(alk, "$.diagnosis.alk", "status", Vocabulary.AlkStatuses);
                r.AlkMethod = w.Enum(alk, "$.diagnosis.alk", "method", Vocabulary.AlkMethods);
                fusion = w.Str(alk, "$.diagnosis.alk", "fusion", 100); // parsed below, once the extension has been read
            }
        }

        // metastases[] → one observation each, as of today (the profile says where the cancer is now)
        var current = new List<SiteObservation>();
        var seenSites = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (m, path) in w.Objects(root, "$", "metastases"))
        {
            w.Known(m, path, ["site", "status", "note"]);
            var obs = ReadSite(w, m, path, dated: false);
            if (obs is null) continue;
            if (seenSites.TryGetValue(obs.Site, out var first))
            {
                w.Error(path + ".site", $"\"{obs.Site}\" is already listed at {first}; give each site once");
                continue;
            }
            seenSites[obs.Site] = path;
            obs.Date = today;
            current.Add(obs);
        }

        var ecog = w.Int(root, "$", "ecog", 0, 4);

        var therapies = new List<TreatmentLine>();
        var ongoingAlk = new List<(TreatmentLine Line, string Path)>();
        foreach (var (t, path) in w.Objects(root, "$", "therapies"))
        {
            w.Known(t, path, ["line", "agent", "start", "end", "stopReason"]);
            if (ReadTherapy(w, t, path, withLine: true) is not { } line) continue;
            therapies.Add(line);
            if (line.End is null && AlkDrugs.AllIn(line.Agent).Count > 0) ongoingAlk.Add((line, path));
        }
        // Two ALK inhibitors ongoing at once is almost always a missing end date (issue 14); the record's forms refuse it,
        // an import keeps the lines as written and says so (the current drug is the one started last).
        foreach (var (line, path) in ongoingAlk.OrderBy(x => x.Line.Start).Skip(1))
        {
            var earlier = ongoingAlk.Where(x => x.Path != path && x.Line.Start <= line.Start).Select(x => $"{x.Path} ({x.Line.Agent})");
            w.Warn(path + ".end", $"{line.Agent} is ongoing while {string.Join(" and ", earlier)} is ongoing too: two ALK inhibitors are rarely taken at the same time; add the end date of the earlier line (AlkNavigator treats the one started last as current)");
        }

        var procedures = new List<ProcedureEntry>();
        foreach (var (p, path) in w.Objects(root, "$", "procedures"))
        {
            w.Known(p, path, ["kind", "name", "date"]);
            var kind = w.Enum(p, path, "kind", Vocabulary.ProcedureKinds, required: true);
            var name = w.Str(p, path, "name", 200, required: "the procedure, e.g. \"lobectomy\" or \"SRS\"");
            var date = w.Date(p, path, "date");
            if (kind is not null && name is not null) procedures.Add(new ProcedureEntry { Kind = kind, Name = name, Date = date });
        }

        foreach (var (b, path) in w.Objects(root, "$", "biomarkers"))
        {
            w.Known(b, path, ["gene", "alteration", "source", "date", "note"]);
            var gene = w.Str(b, path, "gene", 40, required: "the gene or marker, e.g. \"ALK\", \"MET\" or \"PD-L1\"");
            var alteration = w.Str(b, path, "alteration", 200, required: "what was found, e.g. \"G1202R\" or \"amplification\"");
            var source = w.Enum(b, path, "source", Vocabulary.BiomarkerSources);
            var date = w.Date(b, path, "date");
            var note = w.Str(b, path, "note", 2000);
            if (gene is not null && alteration is not null)
                r.Biomarkers.Add(new BiomarkerResult { Gene = gene, Alteration = alteration, Source = source, Date = date, Note = note });
        }

        // ---- the "alknav" extension
        (string? Partner, string? Variant)? fusionFromExtension = null;
        List<SiteObservation>? siteHistory = null;
        List<EcogEntry>? ecogHistory = null;
        JsonElement? extTherapies = null, extProcedures = null;
        if (w.Obj(root, "$", "alknav") is { } x && ExtensionUsable(w, x))
        {
            const string xp = "$.alknav";
            w.Known(x, xp, ["version", "displayName", "birthYear", "allergies", "preferredHospital", "diagnosis", "therapies", "procedures",
                "siteHistory", "ecogHistory", "progressions", "medicines", "careTeam", "plan"]);
            if (w.Has(x, "displayName", out _))
            {
                r.DisplayName = w.Str(x, xp, "displayName", 200) ?? "";
                result.HasDisplayName = r.DisplayName.Length > 0;
            }
            if (w.Int(x, xp, "birthYear", 1900, today.Year) is { } xby)
            {
                if (r.BirthYear is null || Math.Abs(r.BirthYear.Value - xby) <= 1) r.BirthYear = xby;
                else w.Warn(xp + ".birthYear", $"{xby} does not fit the age given above; the age was used");
            }
            r.Allergies = w.Str(x, xp, "allergies", 2000);
            if (w.Has(x, "preferredHospital", out _))
            {
                r.PreferredHospital = w.Str(x, xp, "preferredHospital", 300);
                result.HasPreferredHospital = true;
            }
            if (w.Obj(x, xp, "diagnosis") is { } xd)
            {
                const string dp = xp + ".diagnosis";
                w.Known(xd, dp, ["stageT", "stageN", "stageM", "pdL1", "fusionPartner", "fusionVariant"]);
                r.StageT = w.Str(xd, dp, "stageT", 40);
                r.StageN = w.Str(xd, dp, "stageN", 40);
                r.StageM = w.Str(xd, dp, "stageM", 40);
                r.PdL1 = w.Str(xd, dp, "pdL1", 40);
                var partner = w.Str(xd, dp, "fusionPartner", 40);
                var variant = w.Str(xd, dp, "fusionVariant", 40);
                if (partner is not null || variant is not null)
                {
                    if (fusion is not null && FormatFusion(partner, variant) == fusion) fusionFromExtension = (partner, variant);
                    else w.Warn(dp, $"fusionPartner/fusionVariant do not match diagnosis.alk.fusion {(fusion is null ? "(absent)" : $"\"{fusion}\"")}; the fusion was used");
                }
            }
            if (w.Has(x, "therapies", out var xt)) extTherapies = xt;
            if (w.Has(x, "procedures", out var xpr)) extProcedures = xpr;

            if (w.Has(x, "siteHistory", out _))
            {
                siteHistory = [];
                foreach (var (s, path) in w.Objects(x, xp, "siteHistory"))
                {
                    w.Known(s, path, ["date", "site", "status", "note"]);
                    if (ReadSite(w, s, path, dated: true) is { } obs) siteHistory.Add(obs);
                }
            }
            if (w.Has(x, "ecogHistory", out _))
            {
                ecogHistory = [];
                foreach (var (e, path) in w.Objects(x, xp, "ecogHistory"))
                {
                    w.Known(e, path, ["date", "score", "note"]);
                    var date = w.Date(e, path, "date", required: true);
                    var score = w.Int(e, path, "score", 0, 4, required: true);
                    var note = w.Str(e, path, "note", 2000);
                    if (date is { } dt && score is { } sc) ecogHistory.Add(new EcogEntry { Date = dt, Score = sc, Note = note });
                }
            }
            foreach (var (p, path) in w.Objects(x, xp, "progressions"))
            {
                w.Known(p, path, ["date", "where", "foundBy", "note"]);
                var date = w.Date(p, path, "date", required: true);
                var where = w.Str(p, path, "where", 200, required: "where the cancer grew, e.g. \"liver\"");
                var foundBy = w.Enum(p, path, "foundBy", Vocabulary.FoundBy);
                var note = w.Str(p, path, "note", 2000);
                if (date is { } dt && where is not null)
                    r.Progressions.Add(new ProgressionEvent { Date = dt, Where = where, FoundBy = foundBy ?? "", Note = note });
            }
            foreach (var (m, path) in w.Objects(x, xp, "medicines"))
            {
                w.Known(m, path, ["name", "dose", "note"]);
                var name = w.Str(m, path, "name", 200, required: "the medicine's name");
                var dose = w.Str(m, path, "dose", 200);
                var note = w.Str(m, path, "note", 2000);
                if (name is not null) r.Medicines.Add(new OtherMedicine { Name = name, Dose = dose, Note = note });
            }
            if (w.Has(x, "careTeam", out _))
            {
                result.HasCareTeam = true;
                foreach (var (c, path) in w.Objects(x, xp, "careTeam"))
                {
                    w.Known(c, path, ["role", "name", "organisation", "phone", "email", "notes", "emergencyContact", "primaryCaregiver", "alkSpecialist"]);
                    var role = w.Enum(c, path, "role", Vocabulary.CareTeamRoles.Select(k => k.Key).ToArray(), required: true);
                    var name = w.Str(c, path, "name", 200, required: "the person's name");
                    var member = new CareTeamMember
                    {
                        Role = role ?? "", Name = name ?? "",
                        Organisation = w.Str(c, path, "organisation", 200), Phone = w.Str(c, path, "phone", 60),
                        Email = w.Str(c, path, "email", 256), Notes = w.Str(c, path, "notes", 2000),
                        IsEmergencyContact = w.Bool(c, path, "emergencyContact"), IsPrimaryCaregiver = w.Bool(c, path, "primaryCaregiver"),
                        IsAlkSpecialist = w.Bool(c, path, "alkSpecialist"),
                    };
                    if (role is not null && name is not null) r.CareTeam.Add(member);
                }
            }
            if (w.Has(x, "plan", out _))
            {
                result.HasPlan = true;
                var keys = ProgressionPlan.Items.Select(i => i.Key).ToArray();
                var seen = new HashSet<string>();
                foreach (var (p, path) in w.Objects(x, xp, "plan"))
                {
                    w.Known(p, path, ["key", "status", "note", "date"]);
                    var key = w.Enum(p, path, "key", keys, required: true);
                    var status = w.Enum(p, path, "status", Vocabulary.PlanStatuses) ?? "not-started";
                    var note = w.Str(p, path, "note", 2000);
                    var date = w.Date(p, path, "date");
                    if (key is null) continue;
                    if (!seen.Add(key))
                    {
                        w.Error(path + ".key", $"\"{key}\" is listed twice; give each checklist item once");
                        continue;
                    }
                    r.PlanItems.Add(new PlanItem { Key = key, Status = status, Note = note, Date = date });
                }
            }
        }

        // ---- merge: the profile's own properties always win; the extension adds detail only when it agrees with them
        if (fusionFromExtension is { } exact) (r.FusionPartner, r.FusionVariant) = exact;
        else if (fusion is not null)
        {
            if (TryParseFusion(fusion, out var p, out var v) && (p?.Length ?? 0) <= 40)
                (r.FusionPartner, r.FusionVariant) = (p, v);
            else
                w.Error(fusionPath, $"\"{fusion}\" is not a fusion in the form PARTNER-ALK vN, such as \"EML4-ALK v3\" or \"EML4-ALK\"");
        }

        if (siteHistory is not null && SameSites(CurrentSites(WithOrder(siteHistory)), current))
            r.Sites.AddRange(siteHistory);
        else
        {
            if (siteHistory is not null)
                w.Warn("$.alknav.siteHistory", "does not match metastases (was the file edited?); metastases were imported as of today and this history was left out");
            r.Sites.AddRange(current);
        }

        var historyLatest = ecogHistory is null ? null : CurrentEcog(WithOrder(ecogHistory));
        if (ecogHistory is not null && historyLatest?.Score == ecog)
            r.EcogEntries.AddRange(ecogHistory);
        else
        {
            if (ecogHistory is not null)
                w.Warn("$.alknav.ecogHistory", $"does not match ecog {(ecog is null ? "(absent)" : ecog.Value.ToString(CultureInfo.InvariantCulture))} (was the file edited?); ecog was imported as of today and this history was left out");
            if (ecog is { } score) r.EcogEntries.Add(new EcogEntry { Date = today, Score = score });
        }

        ApplyDetails(w, extTherapies, "$.alknav.therapies", "therapies", therapies, (t, e, path) =>
        {
            w.Known(e, path, ["dose", "schedule", "note"]);
            t.Dose = w.Str(e, path, "dose", 200);
            t.Schedule = w.Str(e, path, "schedule", 200);
            t.Note = w.Str(e, path, "note", 2000);
        });
        r.Treatments.AddRange(therapies);
        ApplyDetails(w, extProcedures, "$.alknav.procedures", "procedures", procedures, (p, e, path) =>
        {
            w.Known(e, path, ["note"]);
            p.Note = w.Str(e, path, "note", 2000);
        });
        r.Procedures.AddRange(procedures);

        // Keep the file's order for items with equal dates (export sorts by date, then by creation). Only the order matters
        // here: saving (ProfileJson.ReplaceAsync) stamps the items with the app clock's now in this same order.
        var at = w.Today.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        var i = 0;
        foreach (var item in AllItems(r)) item.CreatedUtc = item.UpdatedUtc = at.AddMilliseconds(i++);
    }

    [GeneratedRegex(@"^\s*stage\s*", RegexOptions.IgnoreCase)]
    private static partial Regex StagePrefix();

    private static bool ExtensionUsable(Walker w, JsonElement x)
    {
        var version = w.Int(x, "$.alknav", "version", 1, int.MaxValue);
        if (version is null or ExtensionVersion) return true;
        w.Warn("$.alknav.version", $"extension version {version} is newer than this AlkNavigator understands ({ExtensionVersion}); the whole \"alknav\" object was ignored");
        return false;
    }

    /// <summary>Gives items the creation order of their position (so CurrentSites/CurrentEcog see file order for equal dates).</summary>
    private static List<T> WithOrder<T>(List<T> items) where T : RecordItem
    {
        var at = DateTime.UnixEpoch; // only the order is compared
        for (var i = 0; i < items.Count; i++) items[i].CreatedUtc = at.AddMilliseconds(i);
        return items;
    }

    private static bool SameSites(List<SiteObservation> a, List<SiteObservation> b)
    {
        static string K(SiteObservation s) => $"{s.Site.ToLowerInvariant()}\u0001{s.Status}\u0001{s.Note}";
        return a.Count == b.Count && a.Select(K).Order(StringComparer.Ordinal).SequenceEqual(b.Select(K).Order(StringComparer.Ordinal));
    }

    private static void ApplyDetails<T>(Walker w, JsonElement? ext, string path, string what, List<T> items, Action<T, JsonElement, string> apply)
    {
        if (ext is not { } e) return;
        if (e.ValueKind != JsonValueKind.Array)
        {
            w.Error(path, $"must be an array, not {Kind(e)}");
            return;
        }
        var count = e.GetArrayLength();
        if (count != items.Count)
        {
            w.Warn(path, $"has {count} entries but {what} has {items.Count} (was the file edited?); these details were left out");
            return;
        }
        var i = 0;
        foreach (var item in e.EnumerateArray())
        {
            var p = $"{path}[{i}]";
            if (item.ValueKind != JsonValueKind.Object) w.Error(p, $"must be an object, not {Kind(item)}");
            else apply(items[i], item, p);
            i++;
        }
    }

    private static SiteObservation? ReadSite(Walker w, JsonElement m, string path, bool dated)
    {
        var date = dated ? w.Date(m, path, "date", required: true) : null;
        var site = w.Str(m, path, "site", 100, required: $"where the cancer is, e.g. {Quoted(Vocabulary.Sites.Take(4))}");
        string? status = null;
        if (site is not null)
        {
            var known = Canon(site, Vocabulary.Sites, SiteSynonyms);
            if (known is not null) site = known;
            else w.Warn(path + ".site", $"\"{site}\" is not one of the sites AlkNavigator lists ({Quoted(Vocabulary.Sites)}); it was kept as written");
            if (IsBrain(site)) status = w.Enum(m, path, "status", dated ? Vocabulary.BrainStatuses : Vocabulary.BrainStatuses.Where(s => s != "none").ToArray());
            else status = w.Str(m, path, "status", 40);
        }
        var note = w.Str(m, path, "note", 2000);
        if (site is null || (dated && date is null)) return null;
        return new SiteObservation { Site = site, Status = status, Note = note, Date = date ?? default };
    }

    private static TreatmentLine? ReadTherapy(Walker w, JsonElement t, string path, bool withLine)
    {
        if (withLine) w.Int(t, path, "line", 1, 99); // derived from the order of start dates; checked, not stored
        var agent = w.Str(t, path, "agent", 200, required: "the drug, e.g. \"alectinib\" or \"carboplatin + pemetrexed\"");
        var start = w.Date(t, path, "start", required: true,
            missing: "is required: AlkNavigator needs the date each treatment started (an estimate such as the 1st of the month is fine)");
        var end = w.Date(t, path, "end");
        var stop = w.Enum(t, path, "stopReason", [.. Vocabulary.StopReasons, "ongoing"], synonyms: StopReasonSynonyms,
            allowedText: Quoted(["progression", "toxicity", "completed", "ongoing", "other"]));
        if (stop == "ongoing")
        {
            if (end is not null) w.Error(path + ".end", $"is given but stopReason is \"ongoing\"; remove one of them");
            stop = null;
        }
        if (start is { } s && end is { } e && e < s)
            w.Error(path + ".end", $"\"{Iso(e)}\" is before start \"{Iso(s)}\"");
        if (stop is not null && end is null)
            w.Error(path + ".end", $"is required when stopReason is \"{stop}\" (a treatment that stopped has an end date; use \"ongoing\" otherwise)");
        if (agent is null || start is null) return null;
        return new TreatmentLine { Agent = agent, Start = start.Value, End = end, StopReason = stop };
    }

    private static IEnumerable<RecordItem> AllItems(PatientRecord r) =>
        r.Sites.Cast<RecordItem>().Concat(r.EcogEntries).Concat(r.Treatments).Concat(r.Procedures).Concat(r.Progressions)
            .Concat(r.Biomarkers).Concat(r.Medicines).Concat(r.CareTeam).Concat(r.PlanItems);

    /// <summary>Lower-case, with spaces and underscores as hyphens: "Treated stable" and "treated-stable" are the same key.</summary>
    private static string Key(string s) => s.Trim().ToLowerInvariant().Replace(' ', '-').Replace('_', '-');

    private static string? Canon(string value, string[] allowed, (string From, string To)[]? synonyms = null)
    {
        var k = Key(value);
        return allowed.FirstOrDefault(a => Key(a) == k) ?? synonyms?.FirstOrDefault(s => Key(s.From) == k).To;
    }

    private static string Quoted(IEnumerable<string> values) => string.Join(", ", values.Select(v => $"\"{v}\""));

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "true/false",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>Walks a JsonDocument collecting problems and warnings against the line of each path.</summary>
    private sealed class Walker(Dictionary<string, int> lines, DateOnly today, List<ProfileProblem> problems, List<ProfileProblem> warnings)
    {
        public DateOnly Today => today;
        public List<ProfileProblem> Problems => problems;

        public static string Child(string path, string name) =>
            name.Length > 0 && (char.IsAsciiLetter(name[0]) || name[0] == '_') && name.All(c => char.IsAsciiLetterOrDigit(c) || c == '_')
                ? $"{path}.{name}"
                : $"{path}['{name.Replace("'", "\\'")}']";

        private int Line(string path)
        {
            while (true)
            {
                if (lines.TryGetValue(path, out var l)) return l;
                var cut = Math.Max(path.LastIndexOf('.'), path.LastIndexOf('['));
                if (cut <= 0) return 1;
                path = path[..cut];
            }
        }

        public void Error(string path, string message) => problems.Add(new(Line(path), path, message));
        public void Warn(string path, string message) => warnings.Add(new(Line(path), path, message));

        public bool Has(JsonElement obj, string name, out JsonElement value) =>
            obj.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null;

        public void Known(JsonElement obj, string path, string[] names)
        {
            foreach (var p in obj.EnumerateObject())
                if (!names.Contains(p.Name, StringComparer.Ordinal))
                {
                    var close = names.FirstOrDefault(n => string.Equals(n, p.Name, StringComparison.OrdinalIgnoreCase));
                    Warn(Child(path, p.Name), $"unknown property; it was ignored{(close is null ? "" : $" (did you mean \"{close}\"?)")}");
                }
        }

        private bool Missing(JsonElement obj, string path, string name, string? required)
        {
            if (Has(obj, name, out _)) return false;
            if (required is not null) Error(Child(path, name), required.StartsWith("is ", StringComparison.Ordinal) ? required : $"is required: {required}");
            return true;
        }

        public string? Str(JsonElement obj, string path, string name, int max, string? required = null)
        {
            if (Missing(obj, path, name, required)) return null;
            var v = obj.GetProperty(name);
            var p = Child(path, name);
            if (v.ValueKind != JsonValueKind.String)
            {
                Error(p, $"must be a string, not {Kind(v)}");
                return null;
            }
            var s = v.GetString()!.Trim();
            if (s.Length == 0)
            {
                if (required is not null) Error(p, $"must not be empty: {required}");
                return null;
            }
            if (s.Length > max)
            {
                Error(p, $"is too long ({s.Length} characters; at most {max})");
                return null;
            }
            return s;
        }

        public int? Int(JsonElement obj, string path, string name, int min, int max, bool required = false)
        {
            if (Missing(obj, path, name, required ? "is required" : null)) return null;
            var v = obj.GetProperty(name);
            var p = Child(path, name);
            if (v.ValueKind != JsonValueKind.Number)
            {
                Error(p, $"must be a whole number, not {Kind(v)}");
                return null;
            }
            if (!v.TryGetInt32(out var n))
            {
                Error(p, $"{v.GetRawText()} is not a whole number");
                return null;
            }
            if (n < min || n > max)
            {
                Error(p, $"{n} is out of range ({min} to {max})");
                return null;
            }
            return n;
        }

        public bool Bool(JsonElement obj, string path, string name)
        {
            if (!Has(obj, name, out var v)) return false;
            if (v.ValueKind is JsonValueKind.True or JsonValueKind.False) return v.GetBoolean();
            Error(Child(path, name), $"must be true or false, not {Kind(v)}");
            return false;
        }

        public DateOnly? Date(JsonElement obj, string path, string name, bool required = false, string? missing = null)
        {
            if (Missing(obj, path, name, required ? missing ?? "is required (YYYY-MM-DD)" : null)) return null;
            var v = obj.GetProperty(name);
            var p = Child(path, name);
            if (v.ValueKind != JsonValueKind.String)
            {
                Error(p, $"must be a date string (YYYY-MM-DD), not {Kind(v)}");
                return null;
            }
            var s = v.GetString()!.Trim();
            if (!DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
            {
                Error(p, $"\"{s}\" is not a date (YYYY-MM-DD)");
                return null;
            }
            if (d.Year < 1900)
            {
                Error(p, $"\"{s}\" is before 1900");
                return null;
            }
            if (d > today) // same rule as the record's forms (ClinicalForms.CheckDate)
            {
                Error(p, $"\"{s}\" is in the future (today is {Iso(today)})");
                return null;
            }
            return d;
        }

        public string? Enum(JsonElement obj, string path, string name, string[] allowed, bool required = false,
            (string, string)[]? synonyms = null, string? allowedText = null)
        {
            allowedText ??= Quoted(allowed);
            var s = Str(obj, path, name, 100, required ? $"one of {allowedText}" : null);
            if (s is null) return null;
            var c = Canon(s, allowed, synonyms);
            if (c is null) Error(Child(path, name), $"\"{s}\" is not one of {allowedText}");
            return c;
        }

        public JsonElement? Obj(JsonElement obj, string path, string name)
        {
            if (!Has(obj, name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Object) return v;
            Error(Child(path, name), $"must be an object, not {Kind(v)}");
            return null;
        }

        public List<(JsonElement Item, string Path)> Objects(JsonElement obj, string path, string name)
        {
            var list = new List<(JsonElement, string)>();
            if (!Has(obj, name, out var v)) return list;
            var p = Child(path, name);
            if (v.ValueKind != JsonValueKind.Array)
            {
                Error(p, $"must be an array, not {Kind(v)}");
                return list;
            }
            var i = 0;
            foreach (var item in v.EnumerateArray())
            {
                var ip = $"{p}[{i++}]";
                if (item.ValueKind == JsonValueKind.Object) list.Add((item, ip));
                else Error(ip, $"must be an object, not {Kind(item)}");
            }
            return list;
        }
    }
}
