namespace AlkNavigator.Features.Visit;

/// <summary>What <c>_Pack.cshtml</c> renders: the loaded pack, and whether it is shown through a share link (no links at all).</summary>
public sealed record VisitPackView(VisitPackData Data, bool Shared);
