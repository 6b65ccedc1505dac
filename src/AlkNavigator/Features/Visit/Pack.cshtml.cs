using AlkNavigator.Data;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using Microsoft.AspNetCore.Mvc;

namespace AlkNavigator.Features.Visit;

/// <summary>
/// "Prepare my visit": one printable page for the next appointment (<see cref="VisitPack"/>), and its PDF. Reads only;
/// anyone who may view the record may print it.
/// </summary>
public sealed class PackModel(RecordAccess access, AppDbContext db, ContentStore content) : RecordPageModel(access, db)
{
    public VisitPackData Data { get; private set; } = null!;

    [Needs(Record.Access.View, Audit = "visit pack")]
    public async Task<IActionResult> OnGetAsync()
    {
        Data = await VisitPack.LoadAsync(Db, RecordId, Clock.GetUtcNow().UtcDateTime, content, full: false, HttpContext.RequestAborted);
        return Page();
    }

    /// <summary>The same pack as a PDF download.</summary>
    [Needs(Record.Access.View, Audit = "visit pack PDF")]
    public async Task<IActionResult> OnGetPdfAsync()
    {
        var data = await VisitPack.LoadAsync(Db, RecordId, Clock.GetUtcNow().UtcDateTime, content, full: false, HttpContext.RequestAborted);
        return File(PackPdf.Render(data, content), PackPdf.ContentType, PackPdf.FileName(data));
    }
}
