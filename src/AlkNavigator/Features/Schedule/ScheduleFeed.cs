namespace AlkNavigator.Features.Schedule;

/// <summary>The private iCalendar feed: GET /calendar/{token}.ics (anonymous; the secret token is the key; revocable).</summary>
public static class ScheduleFeed
{
    public static void MapScheduleFeed(this WebApplication app)
    {
    }
}
