namespace AlkNavigator.Features.Symptoms;

/// <summary>The Symptoms JSON API under /api/records/{rid}/symptoms (same authorisation as the pages).</summary>
public static class SymptomsApi
{
    public static void MapSymptomsApi(this WebApplication app)
    {
    }
}
