using AlkNavigator.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Onboarding;

/// <summary>
/// Where an account is in the first-use set-up (/welcome). A row exists only for accounts that registered themselves
/// (created with the account, ConfirmRegistration); an account without a row, or with <see cref="FinishedUtc"/> set,
/// is never sent to the set-up. Each step saves the step that comes next, so a returning user lands where they left.
/// </summary>
public sealed class OnboardingProgress
{
    public string UserId { get; set; } = "";
    /// <summary>patient | caregiver | navigator (see <see cref="OnboardingSteps.Roles"/>); null until the first step is answered.</summary>
    public string? Who { get; set; }
    /// <summary>The step to show next (one of <see cref="OnboardingSteps.All"/>).</summary>
    public string Step { get; set; } = OnboardingSteps.Who;
    public DateTime StartedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }
    /// <summary>Set when the person finished or left the set-up; from then on it is never shown on its own.</summary>
    public DateTime? FinishedUtc { get; set; }
}

public static class OnboardingSteps
{
    public const string Who = "who", Diagnosis = "diagnosis", Treatment = "treatment", Time = "time", People = "people", Invite = "invite", Done = "done";

    /// <summary>A patient's steps in order; caregivers and navigators go from "who" straight to "done".</summary>
    public static readonly string[] All = [Who, Diagnosis, Treatment, Time, People, Invite, Done];

    public static readonly (string Key, string Label, string Hint)[] Roles =
    [
        ("patient", "I have ALK-positive lung cancer", "You keep your own record: diagnosis, treatment, symptoms and schedule."),
        ("caregiver", "I help someone who has it (family, friend, carer)", "The patient invites you to their record; you accept the invitation from the email."),
        ("navigator", "I support patients for an organisation (navigator)", "No patient record is made for you; an administrator gives navigator access."),
    ];

    /// <summary>The steps a person with this answer goes through.</summary>
    public static IReadOnlyList<string> For(string? who) => who is null or "patient" ? All : [Who, Done];

    /// <summary>The step after <paramref name="step"/> for this person (the last step stays last).</summary>
    public static string Next(string? who, string step)
    {
        var steps = For(who);
        var i = Math.Max(0, steps.ToList().IndexOf(step));
        return steps[Math.Min(i + 1, steps.Count - 1)];
    }

    public static string Previous(string? who, string step)
    {
        var steps = For(who);
        var i = steps.ToList().IndexOf(step);
        return i <= 0 ? steps[0] : steps[i - 1];
    }
}

internal sealed class OnboardingProgressConfig : IEntityTypeConfiguration<OnboardingProgress>
{
    public void Configure(EntityTypeBuilder<OnboardingProgress> b)
    {
        b.ToTable("OnboardingProgress");
        b.HasKey(x => x.UserId);
        b.HasOne<AppUser>().WithOne().HasForeignKey<OnboardingProgress>(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Who).HasMaxLength(20);
        b.Property(x => x.Step).HasMaxLength(20);
    }
}
