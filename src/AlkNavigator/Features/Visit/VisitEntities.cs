using AlkNavigator.Features.Record;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace AlkNavigator.Features.Visit;

/// <summary>
/// One of the patient's own questions for the next visit: the text, its place in the list (Position, ascending), ticked off
/// when asked, and the answer written down after the visit.
/// </summary>
public sealed class OwnQuestion : RecordItem
{
    public string Text { get; set; } = "";
    public int Position { get; set; }
    public bool Done { get; set; }
    public string? Answer { get; set; }
    /// <summary>The visit it was answered at (set when the answer is written on that visit's page); null otherwise.</summary>
    public Guid? VisitId { get; set; }
}

internal sealed class OwnQuestionConfig : IEntityTypeConfiguration<OwnQuestion>
{
    public void Configure(EntityTypeBuilder<OwnQuestion> b)
    {
        b.HasKey(x => x.Id);
        b.HasIndex(x => new { x.RecordId, x.Position });
        b.HasOne<PatientRecord>().WithMany().HasForeignKey(x => x.RecordId).OnDelete(DeleteBehavior.Cascade);
        b.Property(x => x.Version).IsConcurrencyToken();
        b.Property(x => x.UpdatedBy).HasMaxLength(256);
        b.Property(x => x.Text).HasMaxLength(1000);
        b.Property(x => x.Answer).HasMaxLength(4000);
        b.HasOne<VisitEntry>().WithMany().HasForeignKey(x => x.VisitId).OnDelete(DeleteBehavior.SetNull);
    }
}
