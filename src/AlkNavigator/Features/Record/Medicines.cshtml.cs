using System.ComponentModel.DataAnnotations;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.EntityFrameworkCore;

namespace AlkNavigator.Features.Record;

/// <summary>The fields of one other medicine, shared by the add form and the edit page.</summary>
public sealed class MedicineInput : IRecordItemInput<OtherMedicine, MedicineInput>
{
    [Required(ErrorMessage = "Enter the name of the medicine.")]
    [StringLength(200, ErrorMessage = "Keep the name under {1} characters.")]
    [Display(Name = "Medicine")]
    public string Name { get; set; } = "";

    [StringLength(200, ErrorMessage = "Keep the dose under {1} characters.")]
    [Display(Name = "Dose and how often")]
    public string? Dose { get; set; }

    [StringLength(2000, ErrorMessage = "Keep the note under {1} characters.")]
    [Display(Name = "Note")]
    public string? Note { get; set; }

    public Guid Version { get; set; }

    public static MedicineInput From(OtherMedicine m) => new() { Name = m.Name, Dose = m.Dose, Note = m.Note, Version = m.Version };

    /// <summary>A medicine has no dates or cross-field rules: the data annotations are the whole check.</summary>
    public void Validate(ModelStateDictionary ms, string prefix, DateOnly today) { }

    public void ApplyTo(OtherMedicine m)
    {
        m.Name = Name.Trim();
        m.Dose = ClinicalForms.Clean(Dose);
        m.Note = ClinicalForms.Clean(Note);
    }

    public static string Describe(OtherMedicine m) => m.Name + (m.Dose is null ? "" : $" {m.Dose}");
}

/// <summary>Other medicines the patient takes (later used to check interactions), and the form to add one.</summary>
public sealed class MedicinesModel(RecordAccess access, AppDbContext db) : RecordItemListModel<OtherMedicine, MedicineInput>(access, db)
{
    /// <summary>The interaction check of these medicines against the current ALK drug, computed on this request.</summary>
    public Interactions.InteractionsView Interactions { get; private set; } = null!;

    protected override DbSet<OtherMedicine> Set => Db.Medicines;
    protected override string What => "other medicine";
    protected override string ListPage => "medicines";
    protected override string AddedMessage(OtherMedicine item) => $"Added {item.Name}.";
    protected override IEnumerable<OtherMedicine> Order(IEnumerable<OtherMedicine> items) => items.OrderBy(m => m.Name, StringComparer.CurrentCultureIgnoreCase);

    protected override async Task LoadExtrasAsync(CancellationToken ct) =>
        Interactions = await Features.Interactions.InteractionsView.LoadAsync(Db, RecordId, compact: false, ct);

    [Needs(Record.Access.View, Audit = "other medicines")]
    public Task<IActionResult> OnGetAsync() => ShowAsync();

    /// <summary>Adds one (form fields Input.*).</summary>
    [Needs(Record.Access.Contribute)]
    public Task<IActionResult> OnPostAsync() => AddAsync();
}
