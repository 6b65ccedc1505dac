using System.Globalization;
using Microsoft.AspNetCore.Mvc.ModelBinding;

namespace AlkNavigator.Features.Record;

/// <summary>Checks shared by the clinical record forms (validation at the edge, kind messages).</summary>
public static class ClinicalForms
{
    /// <summary>Earliest date the forms accept (catches typos like 0202-03-01).</summary>
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>Trimmed text, or null when blank.</summary>
    public static string? Clean(string? s) => string.IsNullOrWhiteSpace(s) ? null : s.Trim();

    /// <summary>The vocabulary entry matching <paramref name="value"/> (any casing, trimmed), or null.</summary>
    public static string? Pick(string? value, IEnumerable<string> options)
    {
        var v = value?.Trim();
        return string.IsNullOrEmpty(v) ? null : options.FirstOrDefault(o => string.Equals(o, v, StringComparison.OrdinalIgnoreCase));
    }

    /// <summary>A date is required to be real, not in the future and not before 1900.</summary>
    public static void CheckDate(ModelStateDictionary ms, string key, DateOnly? date, DateOnly today, string what)
    {
        if (date is not { } d || HasError(ms, key)) return;
        if (d > today) ms.AddModelError(key, $"The {what} can't be in the future. Today is {RecordSummary.FormatDate(today)}.");
        else if (d < Earliest) ms.AddModelError(key, $"The {what} looks too early. Check the year.");
    }

    /// <summary>Adds an error when a non-empty value is not one of the options.</summary>
    public static string? CheckChoice(ModelStateDictionary ms, string key, string? value, IEnumerable<string> options, string message)
    {
        if (string.IsNullOrWhiteSpace(value)) return null;
        var picked = Pick(value, options);
        if (picked is null) ms.AddModelError(key, message);
        return picked;
    }

    /// <summary>Replaces the framework's "The value 'x' is not valid for Y." with a message people understand.</summary>
    public static void FriendlyBindingErrors(ModelStateDictionary ms, IReadOnlyDictionary<string, string> messages)
    {
        foreach (var (key, message) in messages)
        {
            if (!ms.TryGetValue(key, out var entry) || entry.Errors.Count == 0) continue;
            if (!entry.Errors.Any(e => e.Exception is not null || e.ErrorMessage.StartsWith("The value '", StringComparison.Ordinal))) continue;
            entry.Errors.Clear();
            entry.Errors.Add(message);
        }
    }

    public static bool HasError(ModelStateDictionary ms, string key) =>
        ms.TryGetValue(key, out var entry) && entry.Errors.Count > 0;

    /// <summary>After a conflict the form keeps what the user typed, but carries the current version so a second save can succeed.</summary>
    public static void RefreshVersion(ModelStateDictionary ms, string key = "Input.Version") => ms.Remove(key);

    public const string DateFormatMessage = "Enter a real date, for example 2024-03-15.";
}
