using System.Runtime.CompilerServices;

namespace AlkNavigator.Features.Trials.Matching;

/// <summary>
/// Counts what a trial's criteria say about a patient and, when asked, keeps the reasons. Ranking 100,000 trials needs only the
/// counts; the reason texts are formatted only for the trials whose reasons are read (<see cref="ReasonText"/> skips the
/// formatting of an interpolated text when reasons are not kept), and a quote is looked up by its key only then.
/// </summary>
internal sealed class ReasonCollector(bool keepReasons, TrialCriteria criteria)
{
    public bool KeepReasons => keepReasons;
    private static readonly List<MatchReason> None = [];
    public List<MatchReason> Reasons { get; } = keepReasons ? [] : None;
    public int ExcludeCount { get; private set; }
    public int UnknownCount { get; private set; }
    public int MinorUnknownCount { get; private set; }

    public void Meets(string criterion, string text) => Add("meets", criterion, text);
    public void Meets(string criterion, [InterpolatedStringHandlerArgument("")] ref ReasonText text) => Add("meets", criterion, text.ToStringAndClear());

    /// <summary>An exclusion; <paramref name="quoteKey"/> names the trial's sentence in TrialCriteria.Quotes (null: none).</summary>
    public void Excludes(string criterion, string text, string? quoteKey) => AddExclusion(criterion, text, quoteKey);
    public void Excludes(string criterion, [InterpolatedStringHandlerArgument("")] ref ReasonText text, string? quoteKey) => AddExclusion(criterion, text.ToStringAndClear(), quoteKey);

    public void Unknown(string criterion, string text, bool minor = false) => AddUnknown(criterion, text, minor);
    public void Unknown(string criterion, [InterpolatedStringHandlerArgument("")] ref ReasonText text, bool minor = false) => AddUnknown(criterion, text.ToStringAndClear(), minor);

    public void Info(string criterion, string text) => Add("info", criterion, text);
    public void Info(string criterion, [InterpolatedStringHandlerArgument("")] ref ReasonText text) => Add("info", criterion, text.ToStringAndClear());

    private void AddExclusion(string criterion, string text, string? quoteKey)
    {
        ExcludeCount++;
        if (!keepReasons) return;
        var quote = quoteKey is null ? null : criteria.Quote(quoteKey);
        Add("excludes", criterion, quote is null ? text : $"{text}: “{Shorten(quote)}”");
    }

    private void AddUnknown(string criterion, string text, bool minor)
    {
        if (minor) MinorUnknownCount++;
        else UnknownCount++;
        Add("unknown", criterion, text);
    }

    private void Add(string kind, string criterion, string text)
    {
        if (keepReasons) Reasons.Add(new MatchReason(kind, criterion, text));
    }

    private static string Shorten(string s) => s.Length <= 300 ? s : s[..297].TrimEnd() + "…";
}

/// <summary>An interpolated reason text that is formatted only when the collector keeps reasons.</summary>
[InterpolatedStringHandler]
internal ref struct ReasonText
{
    private DefaultInterpolatedStringHandler _inner;
    private readonly bool _enabled;

    public ReasonText(int literalLength, int formattedCount, ReasonCollector collector, out bool enabled)
    {
        _enabled = enabled = collector.KeepReasons;
        _inner = enabled ? new DefaultInterpolatedStringHandler(literalLength, formattedCount) : default;
    }

    public void AppendLiteral(string s) => _inner.AppendLiteral(s);

    public void AppendFormatted<T>(T value) => _inner.AppendFormatted(value);

    public void AppendFormatted<T>(T value, string? format) => _inner.AppendFormatted(value, format);

    public string ToStringAndClear() => _enabled ? _inner.ToStringAndClear() : "";
}

/// <summary>Reasons computed on first read (ranking keeps only verdicts and scores until then).</summary>
internal sealed class LazyReasons(Func<List<MatchReason>> build) : IReadOnlyList<MatchReason>
{
    private readonly Lazy<List<MatchReason>> _reasons = new(build, LazyThreadSafetyMode.ExecutionAndPublication);

    public MatchReason this[int index] => _reasons.Value[index];
    public int Count => _reasons.Value.Count;
    public IEnumerator<MatchReason> GetEnumerator() => _reasons.Value.GetEnumerator();
    System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
}
