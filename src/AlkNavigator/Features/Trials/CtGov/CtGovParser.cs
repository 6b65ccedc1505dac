using System.Buffers;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using AlkNavigator.Features.Trials.Matching;

namespace AlkNavigator.Features.Trials.CtGov;

/// <summary>A study that could not be read: where it was (file, position, NCT id when known) and why.</summary>
public sealed record StudyProblem(string Source, int Index, string? NctId, string Reason)
{
    public override string ToString() =>
        $"{Source}: {(Index >= 0 ? $"study {Index + 1}" : "study")}{(NctId is null ? "" : $" ({NctId})")}: {Reason}";
}

/// <summary>What one v2 document gave: its trials, the studies that were skipped, and the paging token of a /studies page.</summary>
public sealed class CtGovParseResult
{
    public List<Trial> Trials { get; } = [];
    public List<StudyProblem> Problems { get; } = [];
    public string? NextPageToken { get; set; }
    public int? TotalCount { get; set; }
}

/// <summary>A whole file or response that is not a ClinicalTrials.gov v2 document (bad JSON, wrong shape).</summary>
public sealed class CtGovFormatException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>
/// ClinicalTrials.gov API v2 JSON → <see cref="Trial"/>. Accepts a <c>/studies</c> page (<c>{"studies":[...],"nextPageToken":...}</c>),
/// a single study (<c>{"protocolSection":...}</c>) or a JSON array of studies. Each study is read on its own: one with no NCT id
/// or with a field of the wrong type is reported as a <see cref="StudyProblem"/> and the others still parse. RawJson keeps
/// the study's own JSON text exactly as it appeared; the eligibility text is split into inclusion and exclusion items, and
/// <see cref="CriteriaParser.Apply"/> then derives the structured criteria.
/// </summary>
public static partial class CtGovParser
{
    private static readonly JsonDocumentOptions DocOptions = new() { MaxDepth = 256 };

    // The lists are stored as JSON text: keep "≥", "é" and "'" as they are rather than \u escapes (smaller, readable in the database).
    private static readonly JsonSerializerOptions ListJson = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>File buffers: a small pool of its own, so a few page-sized arrays are reused instead of one per file and thread.</summary>
    private static readonly ArrayPool<byte> FileBuffers = ArrayPool<byte>.Create(maxArrayLength: 256 * 1024 * 1024, maxArraysPerBucket: 4);

    /// <summary>
    /// Reads one file (the whole file is held only while it is parsed). Throws <see cref="CtGovFormatException"/> naming the
    /// file when it is not a v2 document. With <paramref name="deriveCriteria"/> false the caller runs CriteriaParser.Apply itself.
    /// </summary>
    public static CtGovParseResult ParseFile(string path, bool deriveCriteria = true)
    {
        // A pooled buffer, not a new large array per file: pages are megabytes, and fresh large arrays mean frequent full GCs.
        byte[] buffer;
        int length;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan);
            if (stream.Length > int.MaxValue - 64) throw new CtGovFormatException($"{path}: the file is larger than 2 GB.");
            length = (int)stream.Length;
            buffer = FileBuffers.Rent(Math.Max(length, 1));
            try { stream.ReadExactly(buffer, 0, length); }
            catch
            {
                FileBuffers.Return(buffer);
                throw;
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new CtGovFormatException($"{path}: cannot read the file: {e.Message}", e);
        }
        try { return Parse(buffer.AsMemory(0, length), path, deriveCriteria); }
        finally { FileBuffers.Return(buffer); }
    }

    /// <summary>Parses a v2 document held in memory; <paramref name="source"/> names it in messages (a file name or URL).</summary>
    public static CtGovParseResult Parse(ReadOnlyMemory<byte> utf8Json, string source, bool deriveCriteria = true)
    {
        if (utf8Json.Span.StartsWith("\uFEFF"u8)) utf8Json = utf8Json[3..];   // a UTF-8 byte order mark
        JsonDocument doc;
        try { doc = JsonDocument.Parse(utf8Json, DocOptions); }
        catch (JsonException e)
        {
            var where = e.LineNumber is { } line ? $" at line {line + 1}, position {e.BytePositionInLine + 1}" : "";
            throw new CtGovFormatException($"{source}: not valid JSON{where}: {FirstSentence(e.Message)}", e);
        }
        using (doc)
        {
            var result = new CtGovParseResult();
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                ParseStudies(root, source, result, deriveCriteria);
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("studies", out var studies))
            {
                if (studies.ValueKind != JsonValueKind.Array)
                    throw new CtGovFormatException($"{source}: \"studies\" is {Kind(studies)}, not an array of studies.");
                ParseStudies(studies, source, result, deriveCriteria);
                if (root.TryGetProperty("nextPageToken", out var token) && token.ValueKind == JsonValueKind.String)
                    result.NextPageToken = token.GetString();
                if (root.TryGetProperty("totalCount", out var total) && total.ValueKind == JsonValueKind.Number && total.TryGetInt32(out var n))
                    result.TotalCount = n;
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("protocolSection", out _))
            {
                ParseOne(root, 0, source, result, deriveCriteria);
            }
            else
            {
                throw new CtGovFormatException($"{source}: not a ClinicalTrials.gov v2 document: expected a /studies page " +
                    "({\"studies\": [...]}), a study ({\"protocolSection\": ...}) or an array of studies, found " +
                    (root.ValueKind == JsonValueKind.Object ? "an object without \"studies\" or \"protocolSection\"" : Kind(root)) + ".");
            }
            return result;
        }
    }

    private static void ParseStudies(JsonElement array, string source, CtGovParseResult result, bool deriveCriteria)
    {
        var i = 0;
        foreach (var study in array.EnumerateArray())
            ParseOne(study, i++, source, result, deriveCriteria);
    }

    /// <summary>The most one study's JSON may take (the registry's largest, with thousands of sites, are about 2 MB); larger is skipped.</summary>
    public const int MaxStudyBytes = 4 * 1024 * 1024;
    /// <summary>Longest accepted texts (the registry itself allows 300, 600, 5,000 and 20,000 characters); longer is skipped.</summary>
    public const int MaxBriefTitle = 1000, MaxOfficialTitle = 2000, MaxBriefSummary = 20_000, MaxEligibility = 100_000;

    private static void ParseOne(JsonElement study, int index, string source, CtGovParseResult result, bool deriveCriteria)
    {
        string? nct = null;
        try
        {
            if (study.ValueKind != JsonValueKind.Object) throw new StudyFormatException($"the study is {Kind(study)}, not an object");
            nct = TryNctId(study);
            var size = System.Runtime.InteropServices.JsonMarshal.GetRawUtf8Value(study).Length;
            if (size > MaxStudyBytes)
                throw new StudyFormatException(string.Create(CultureInfo.InvariantCulture,
                    $"the study's JSON is {size / 1024.0 / 1024.0:0.0} MB; a study can be at most {MaxStudyBytes / 1024 / 1024} MB"));
            result.Trials.Add(ParseStudy(study, deriveCriteria));
        }
        catch (StudyFormatException e)
        {
            result.Problems.Add(new StudyProblem(source, index, nct, e.Message));
        }
        catch (InvalidOperationException e)
        {
            // A string that is not text: an escaped lone UTF-16 surrogate ("\ud800") cannot be read as a .NET string.
            result.Problems.Add(new StudyProblem(source, index, nct, $"a text field is not valid text ({e.Message})"));
        }
    }

    private static string? TryNctId(JsonElement study)
    {
        try
        {
            return study.TryGetProperty("protocolSection", out var p) && p.ValueKind == JsonValueKind.Object
                && p.TryGetProperty("identificationModule", out var id) && id.ValueKind == JsonValueKind.Object
                && id.TryGetProperty("nctId", out var n) && n.ValueKind == JsonValueKind.String
                    ? n.GetString() : null;
        }
        catch (InvalidOperationException) { return null; }
    }

    private static string? Capped(string? text, int max, string field) =>
        text is { Length: var n } && n > max
            ? throw new StudyFormatException(string.Create(CultureInfo.InvariantCulture, $"{field} is {n:N0} characters; at most {max:N0} are accepted"))
            : text;

    /// <summary>A study object → Trial (criteria derived unless <paramref name="deriveCriteria"/> is false). Throws <see cref="StudyFormatException"/> with the reason when it cannot be read.</summary>
    public static Trial ParseStudy(JsonElement study, bool deriveCriteria = true)
    {
        var ps = Obj(study, "protocolSection", "protocolSection") ?? throw new StudyFormatException("no protocolSection");
        var ident = Obj(ps, "identificationModule", "protocolSection.identificationModule")
                    ?? throw new StudyFormatException("no protocolSection.identificationModule (no NCT id)");
        var nct = Str(ident, "nctId", "identificationModule.nctId")?.Trim();
        if (string.IsNullOrEmpty(nct)) throw new StudyFormatException("no NCT id (protocolSection.identificationModule.nctId)");
        if (!NctPattern().IsMatch(nct)) throw new StudyFormatException($"'{nct}' is not an NCT id (NCT followed by 8 digits)");

        var status = Obj(ps, "statusModule", "statusModule");
        var sponsor = Obj(ps, "sponsorCollaboratorsModule", "sponsorCollaboratorsModule");
        var desc = Obj(ps, "descriptionModule", "descriptionModule");
        var cond = Obj(ps, "conditionsModule", "conditionsModule");
        var design = Obj(ps, "designModule", "designModule");
        var arms = Obj(ps, "armsInterventionsModule", "armsInterventionsModule");
        var elig = Obj(ps, "eligibilityModule", "eligibilityModule");
        var contacts = Obj(ps, "contactsLocationsModule", "contactsLocationsModule");

        var briefTitle = Capped(Str(ident, "briefTitle", "identificationModule.briefTitle"), MaxBriefTitle, "identificationModule.briefTitle");
        var officialTitle = Capped(Str(ident, "officialTitle", "identificationModule.officialTitle"), MaxOfficialTitle, "identificationModule.officialTitle");
        var criteria = Capped(elig is { } e0 ? Str(e0, "eligibilityCriteria", "eligibilityModule.eligibilityCriteria") : null, MaxEligibility,
            "eligibilityModule.eligibilityCriteria");
        var summary = Capped(desc is { } d ? Str(d, "briefSummary", "descriptionModule.briefSummary") : null, MaxBriefSummary, "descriptionModule.briefSummary");
        var (inclusion, exclusion) = SplitCriteria(criteria);

        var trial = new Trial
        {
            NctId = nct,
            Title = Truncate(FirstNonEmpty(briefTitle, officialTitle), 1000) ?? nct,
            OfficialTitle = officialTitle,
            Acronym = Truncate(Str(ident, "acronym", "identificationModule.acronym"), 100),
            BriefSummary = summary,
            Status = Truncate(status is { } s ? Str(s, "overallStatus", "statusModule.overallStatus") : null, 40) ?? "UNKNOWN",
            Phases = Truncate(design is { } dp ? Join(StrList(dp, "phases", "designModule.phases")) : null, 100),
            StudyType = Truncate(design is { } dt ? Str(dt, "studyType", "designModule.studyType") : null, 40),
            Conditions = cond is { } c1 ? Join(StrList(c1, "conditions", "conditionsModule.conditions")) : null,
            Keywords = cond is { } c2 ? Join(StrList(c2, "keywords", "conditionsModule.keywords")) : null,
            Interventions = arms is { } a ? Join(Interventions(a)) : null,
            Countries = contacts is { } cl ? Join(Countries(cl)) : null,
            Sponsor = Truncate(sponsor is { } sp && Obj(sp, "leadSponsor", "sponsorCollaboratorsModule.leadSponsor") is { } lead
                ? Str(lead, "name", "leadSponsor.name") : null, 500),
            StartDate = status is { } s1 ? DateOf(s1, "startDateStruct", "statusModule.startDateStruct") : null,
            LastUpdate = status is { } s2 ? DateOf(s2, "lastUpdatePostDateStruct", "statusModule.lastUpdatePostDateStruct") : null,
            MinAgeYears = elig is { } e1 ? AgeYears(Str(e1, "minimumAge", "eligibilityModule.minimumAge")) : null,
            MaxAgeYears = elig is { } e2 ? AgeYears(Str(e2, "maximumAge", "eligibilityModule.maximumAge")) : null,
            Sex = Truncate(elig is { } e3 ? Str(e3, "sex", "eligibilityModule.sex") : null, 10),
            EligibilityText = criteria,
            InclusionJson = JsonSerializer.Serialize(inclusion, ListJson),
            ExclusionJson = JsonSerializer.Serialize(exclusion, ListJson),
            LocationsJson = contacts is { } c3 ? LocationsJson(c3) : "[]",
            ContactsJson = contacts is { } c4 ? CentralContactsJson(c4) : "[]",
            RawJson = study.GetRawText(),
        };
        if (deriveCriteria) TrialRelevance.Derive(trial);
        return trial;
    }

    // ---- the eligibility text: inclusion and exclusion items

    /// <summary>
    /// Splits the registry's eligibility markdown into inclusion and exclusion items: headers in their many spellings
    /// ("Inclusion Criteria:", "KEY EXCLUSION CRITERIA", "[Inclusion Criteria]", "Exclusion"), bullets "*", "-", "+",
    /// "1.", "a)", "(i)" at any depth (nested items become items of their own), markdown escapes ("\&gt;") unescaped.
    /// Text before any header counts as inclusion; unbulleted lines that only introduce a list ("ALL PATIENTS:", "PATIENTS") are dropped.
    /// </summary>
    public static (List<string> Inclusion, List<string> Exclusion) SplitCriteria(string? text)
    {
        var inclusion = new List<string>();
        var exclusion = new List<string>();
        if (string.IsNullOrWhiteSpace(text)) return (inclusion, exclusion);

        var current = inclusion;
        StringBuilder? item = null;
        var blank = true;

        void Flush()
        {
            if (item is null) return;
            var s = WhiteSpace().Replace(item.ToString(), " ").Trim();
            if (s.Length > 0) current.Add(s);
            item = null;
        }

        foreach (var raw in text.Replace("\r\n", "\n").Replace('\r', '\n').Split('\n'))
        {
            var line = Unescape(raw).TrimEnd();
            if (line.Trim().Length == 0) { blank = true; continue; }
            var indent = line.Length - line.TrimStart().Length;
            var trimmed = line.Trim();
            var bullet = Bullet().Match(trimmed);
            var content = bullet.Success ? trimmed[bullet.Length..].Trim() : trimmed;

            if (HeaderKind(content, bullet.Success) is { } kind)
            {
                Flush();
                current = kind ? inclusion : exclusion;
                blank = true;
                continue;
            }
            if (bullet.Success)
            {
                Flush();
                if (content.Length > 0) item = new StringBuilder(content);
            }
            else if (item is not null && (!blank || indent >= 2))
            {
                item.Append(' ').Append(content);          // a wrapped line or a paragraph inside the item
            }
            else
            {
                Flush();
                if (!IsSubheading(content)) item = new StringBuilder(content);
            }
            blank = false;
        }
        Flush();
        return (inclusion, exclusion);
    }

    /// <summary>An unbulleted line that introduces a list rather than states a criterion: "ALL PATIENTS:", "PATIENTS", "Applicable to all patients:".</summary>
    private static bool IsSubheading(string content) =>
        content.EndsWith(':') || content.EndsWith('：')
        || content.Length <= 40 && !content.Any(c => char.IsLower(c) || char.IsDigit(c)) && content.Any(char.IsLetter);

    /// <summary>true for an inclusion header, false for an exclusion header, null for anything else.</summary>
    private static bool? HeaderKind(string content, bool bulleted)
    {
        if (content.Length > 160) return null;
        var inc = IncWord().IsMatch(content);
        var exc = ExcWord().IsMatch(content);
        if (inc == exc) return null;                       // neither, or "inclusion/exclusion criteria apply"
        var m = HeaderStart().Match(content);
        if (m.Success)
        {
            var rest = content[m.Length..].Trim();
            // "Exclusion Criteria:", "Key inclusion criteria", "EXCLUSION CRITERIA for PBMC Donors:", "Inclusion Criteria: -Participants are ..."
            if (rest.Length == 0 || rest[0] is ':' or '：' && (!bulleted || rest.Length == 1)
                || !bulleted && (rest.StartsWith("for ", StringComparison.OrdinalIgnoreCase) || rest.StartsWith("in ", StringComparison.OrdinalIgnoreCase) || rest[0] == '('))
                return inc;
            if (bulleted && (rest.StartsWith("for ", StringComparison.OrdinalIgnoreCase)) && (rest.EndsWith(':') || rest.EndsWith('：')))
                return inc;
        }
        // "The main exclusion criteria include but are not limited to the following:"
        if (!bulleted && (content.EndsWith(':') || content.EndsWith('：')) && CriteriaWord().IsMatch(content)) return inc;
        return null;
    }

    /// <summary>Undoes the registry's markdown backslash escapes ("\&gt;=" → "&gt;=", "\[" → "[").</summary>
    public static string Unescape(string s) => s.Contains('\\') ? MarkdownEscape().Replace(s, "$1") : s;

    [GeneratedRegex(@"\\([!-/:-@\[-`{-~])")]
    private static partial Regex MarkdownEscape();

    [GeneratedRegex(@"^(?:\*+(?=\s|$)|[\-+•·]+|\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{2,5})[.)](?=\s|$)|\(\d{1,3}\)|\([a-zA-Z]\))\s*")]
    private static partial Regex Bullet();

    [GeneratedRegex(@"\binclusions?\b", RegexOptions.IgnoreCase)]
    private static partial Regex IncWord();

    [GeneratedRegex(@"\bexclusions?\b", RegexOptions.IgnoreCase)]
    private static partial Regex ExcWord();

    [GeneratedRegex(@"\b(?:inclusion|exclusion)\s+criteria\b", RegexOptions.IgnoreCase)]
    private static partial Regex CriteriaWord();

    // Up to three words ("Key", "General Medical", "NCI PDMR") then the keyword, then optionally "criteria", and closing marks.
    [GeneratedRegex(@"^[\W_]*(?:[\p{L}\d-]+\s+){0,3}?(?:inclusion|exclusion)s?(?:\s+criteria)?[\]\)\*_]*", RegexOptions.IgnoreCase)]
    private static partial Regex HeaderStart();

    [GeneratedRegex(@"\s+")]
    private static partial Regex WhiteSpace();

    [GeneratedRegex(@"^NCT\d{8}$")]
    private static partial Regex NctPattern();

    // ---- field helpers (a wrong type is a StudyFormatException naming the field)

    private static JsonElement? Obj(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.Object) throw new StudyFormatException($"{path} is {Kind(v)}, expected an object");
        return v;
    }

    private static string? Str(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return null;
        if (v.ValueKind != JsonValueKind.String) throw new StudyFormatException($"{path} is {Kind(v)}, expected a string");
        var s = v.GetString();
        return string.IsNullOrWhiteSpace(s) ? null : s;
    }

    private static IEnumerable<JsonElement> Arr(JsonElement parent, string name, string path)
    {
        if (!parent.TryGetProperty(name, out var v) || v.ValueKind == JsonValueKind.Null) return [];
        if (v.ValueKind != JsonValueKind.Array) throw new StudyFormatException($"{path} is {Kind(v)}, expected an array");
        return v.EnumerateArray();
    }

    private static List<string> StrList(JsonElement parent, string name, string path)
    {
        var list = new List<string>();
        foreach (var v in Arr(parent, name, path))
        {
            if (v.ValueKind == JsonValueKind.Null) continue;
            if (v.ValueKind != JsonValueKind.String) throw new StudyFormatException($"{path} holds {Kind(v)}, expected strings");
            if (v.GetString() is { Length: > 0 } s && !string.IsNullOrWhiteSpace(s)) list.Add(s.Trim());
        }
        return list;
    }

    private static List<string> Interventions(JsonElement arms)
    {
        var list = new List<string>();
        foreach (var i in Arr(arms, "interventions", "armsInterventionsModule.interventions"))
        {
            if (i.ValueKind != JsonValueKind.Object) throw new StudyFormatException($"armsInterventionsModule.interventions holds {Kind(i)}, expected objects");
            var name = Str(i, "name", "interventions[].name")?.Trim();
            if (name is null) continue;
            var type = Str(i, "type", "interventions[].type")?.Trim();
            var s = type is null ? name : $"{type}: {name}";
            if (!list.Contains(s)) list.Add(s);
        }
        return list;
    }

    private static List<string> Countries(JsonElement contacts)
    {
        var list = new List<string>();
        foreach (var l in Arr(contacts, "locations", "contactsLocationsModule.locations"))
        {
            if (l.ValueKind != JsonValueKind.Object) throw new StudyFormatException($"contactsLocationsModule.locations holds {Kind(l)}, expected objects");
            if (Str(l, "country", "locations[].country")?.Trim() is { } c && !list.Contains(c)) list.Add(c);
        }
        return list;
    }

    private static string LocationsJson(JsonElement contacts)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartArray();
            foreach (var l in Arr(contacts, "locations", "contactsLocationsModule.locations"))
            {
                w.WriteStartObject();
                WriteOpt(w, "facility", Str(l, "facility", "locations[].facility"));
                WriteOpt(w, "city", Str(l, "city", "locations[].city"));
                WriteOpt(w, "state", Str(l, "state", "locations[].state"));
                WriteOpt(w, "country", Str(l, "country", "locations[].country"));
                WriteOpt(w, "status", Str(l, "status", "locations[].status"));
                // v2 geoPoint {lat, lon}: kept (when both are numbers in range) for the distance to the patient's city.
                if (l.TryGetProperty("geoPoint", out var geo) && geo.ValueKind == JsonValueKind.Object
                    && geo.TryGetProperty("lat", out var lat) && lat.ValueKind == JsonValueKind.Number && lat.TryGetDouble(out var la) && Math.Abs(la) <= 90
                    && geo.TryGetProperty("lon", out var lon) && lon.ValueKind == JsonValueKind.Number && lon.TryGetDouble(out var lo) && Math.Abs(lo) <= 180)
                {
                    w.WriteNumber("lat", Math.Round(la, 4));
                    w.WriteNumber("lon", Math.Round(lo, 4));
                }
                w.WriteStartArray("contacts");
                foreach (var c in Arr(l, "contacts", "locations[].contacts"))
                    WriteContact(w, c, "locations[].contacts");
                w.WriteEndArray();
                w.WriteEndObject();
            }
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static string CentralContactsJson(JsonElement contacts)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, WriterOptions))
        {
            w.WriteStartArray();
            foreach (var c in Arr(contacts, "centralContacts", "contactsLocationsModule.centralContacts"))
                WriteContact(w, c, "centralContacts");
            w.WriteEndArray();
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteContact(Utf8JsonWriter w, JsonElement c, string path)
    {
        if (c.ValueKind != JsonValueKind.Object) throw new StudyFormatException($"{path} holds {Kind(c)}, expected objects");
        w.WriteStartObject();
        WriteOpt(w, "name", Str(c, "name", path + "[].name"));
        WriteOpt(w, "role", Str(c, "role", path + "[].role"));
        WriteOpt(w, "phone", Str(c, "phone", path + "[].phone"));
        WriteOpt(w, "email", Str(c, "email", path + "[].email"));
        w.WriteEndObject();
    }

    private static void WriteOpt(Utf8JsonWriter w, string name, string? value)
    {
        if (value is not null) w.WriteString(name, value);
    }

    private static DateOnly? DateOf(JsonElement module, string name, string path)
    {
        if (Obj(module, name, path) is not { } s) return null;
        var text = Str(s, "date", path + ".date");
        if (text is null) return null;
        return ParsePartialDate(text) ?? throw new StudyFormatException($"{path}.date '{text}' is not a date (YYYY, YYYY-MM or YYYY-MM-DD)");
    }

    /// <summary>"2024-05-17" → that day; "2024-05" → 1 May 2024; "2024" → 1 January 2024.</summary>
    public static DateOnly? ParsePartialDate(string text)
    {
        var t = text.Trim();
        string[] formats = ["yyyy-MM-dd", "yyyy-MM", "yyyy"];
        return DateOnly.TryParseExact(t, formats, CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
    }

    /// <summary>"18 Years" → 18; "6 Months" → 0; "30 Months" → 2; weeks, days, hours → whole years (floored); "N/A" → null.</summary>
    public static int? AgeYears(string? text)
    {
        if (text is null) return null;
        var m = AgePattern().Match(text.Trim());
        if (!m.Success) return null;
        var n = double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        var unit = m.Groups[2].Value.ToLowerInvariant();
        var years = unit switch
        {
            var u when u.StartsWith("year", StringComparison.Ordinal) => n,
            var u when u.StartsWith("month", StringComparison.Ordinal) => n / 12,
            var u when u.StartsWith("week", StringComparison.Ordinal) => n * 7 / 365.25,
            var u when u.StartsWith("day", StringComparison.Ordinal) => n / 365.25,
            _ => 0, // hours, minutes
        };
        return (int)Math.Floor(years + 1e-9);
    }

    [GeneratedRegex(@"^(\d+(?:\.\d+)?)\s*(years?|months?|weeks?|days?|hours?|minutes?)$", RegexOptions.IgnoreCase)]
    private static partial Regex AgePattern();

    private static string? Join(List<string> items) => items.Count == 0 ? null : string.Join('|', items);

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrWhiteSpace(v))?.Trim();

    private static string? Truncate(string? s, int max) => s is null || s.Length <= max ? s : s[..max];

    private static string Kind(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    private static string FirstSentence(string message)
    {
        var i = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (i > 0 ? message[..i] : message).Trim();
    }
}

/// <summary>One study that cannot be read (missing NCT id, a field of the wrong type); the message is the reason.</summary>
public sealed class StudyFormatException(string message) : Exception(message);
