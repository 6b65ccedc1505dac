using System.Linq.Expressions;
using AlkNavigator.Features.SecondOpinion;

namespace AlkNavigator.Features.Navigator;

/// <summary>
/// What "needs attention" means in the second-opinion queue (the workspace's counts and the queue's filter share it):
/// a new request nobody has taken, a new or matched request that has waited more than <c>Navigator:AttentionDays</c>
/// (default 7) in its state, or a booked appointment whose day has passed (mark it done).
/// </summary>
public static class NavigatorQueue
{
    public const int DefaultAttentionDays = 7;

    public static int AttentionDays(IConfiguration config) =>
        config.GetValue("Navigator:AttentionDays", DefaultAttentionDays) is var d && d > 0 ? d : DefaultAttentionDays;

    public static Expression<Func<SecondOpinionRequest, bool>> NeedsAttention(DateTime nowUtc, int days)
    {
        var cutoff = nowUtc.AddDays(-days);
        var today = DateOnly.FromDateTime(nowUtc);
        return r => (r.State == SecondOpinionStates.New && r.AssignedToId == null)
                    || ((r.State == SecondOpinionStates.New || r.State == SecondOpinionStates.Matched) && r.StateSinceUtc < cutoff)
                    || (r.State == SecondOpinionStates.Booked && r.AppointmentDate != null && r.AppointmentDate < today);
    }

    /// <summary>Why one request needs attention (null when it does not): the same rule, in words.</summary>
    public static string? Why(SecondOpinionRequest r, DateTime nowUtc, int days)
    {
        if (r.State == SecondOpinionStates.New && r.AssignedToId is null) return "new, nobody assigned";
        if (r.State is SecondOpinionStates.New or SecondOpinionStates.Matched && r.StateSinceUtc < nowUtc.AddDays(-days))
            return $"waiting {(int)(nowUtc - r.StateSinceUtc).TotalDays} days";
        if (r.State == SecondOpinionStates.Booked && r.AppointmentDate is { } d && d < DateOnly.FromDateTime(nowUtc)) return "appointment day has passed";
        return null;
    }

    /// <summary>How a request is named to navigators: the patient's name when they shared it, else a short reference.</summary>
    public static string Label(SecondOpinionRequest r)
    {
        var name = r.SharedSnapshot.Split('\n').FirstOrDefault(l => l.StartsWith("Name: ", StringComparison.Ordinal))?["Name: ".Length..].Trim();
        return string.IsNullOrEmpty(name) ? $"Request {r.Id.ToString()[..8]}" : $"{name} (request {r.Id.ToString()[..8]})";
    }
}
