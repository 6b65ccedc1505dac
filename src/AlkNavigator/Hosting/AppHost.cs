using System.Text.Json;
using AlkNavigator.Data;
using AlkNavigator.Features.Account;
using AlkNavigator.Features.Learn;
using AlkNavigator.Features.Record;
using AlkNavigator.Features.Trials.CtGov;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace AlkNavigator.Hosting;

/// <summary>Composition of the web host. The CLI and the tests build the app through here.</summary>
public static class AppHost
{
    public const string DefaultUrl = "http://localhost:5080";

    /// <param name="overrides">Settings from the command line (e.g. "Data:Directory", "urls"); they win over everything.</param>
    public static WebApplication Build(IDictionary<string, string?>? overrides = null, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            ApplicationName = typeof(AppHost).Assembly.GetName().Name, // so Razor pages are found when a test process hosts the app
            ContentRootPath = AppContext.BaseDirectory,
            WebRootPath = Path.Combine(AppContext.BaseDirectory, "wwwroot"),
            Args = [],
        });
        builder.Configuration.AddEnvironmentVariables("ALKNAV_");
        if (overrides is not null) builder.Configuration.AddInMemoryCollection(overrides);
        if (string.IsNullOrEmpty(builder.Configuration["urls"])) builder.WebHost.UseUrls(DefaultUrl);
        configure?.Invoke(builder);

        var config = builder.Configuration;
        var services = builder.Services;
        PublicUrl.RequireForNonLoopback(config);
        var publicUrl = PublicUrl.Resolve(config);
        // Host filtering (400 for any other Host header): the public host and loopback names, unless AllowedHosts is set.
        if (string.IsNullOrWhiteSpace(config["AllowedHosts"]))
            services.Configure<Microsoft.AspNetCore.HostFiltering.HostFilteringOptions>(o => o.AllowedHosts = PublicUrl.AllowedHosts(publicUrl, config));

        var dataDir = Path.GetFullPath(config["Data:Directory"] is { Length: > 0 } d ? d : "data");
        // Data at rest: directories 0700, database and key files 0600 (see DataFiles); what cannot be tightened is logged.
        var fileWarnings = new List<string>();
        // Data:Prepare=false (only `alknav restore`): leave the directory as it is; restore checks it is empty and creates it 0700.
        var prepare = config.GetValue("Data:Prepare", true);
        if (prepare && DataFiles.PrepareDirectory(dataDir) is { } dirWarning) fileWarnings.Add(dirWarning);
        var dbOptions = config.GetSection("Database").Get<DatabaseOptions>() ?? new DatabaseOptions();
        services.AddSingleton(dbOptions);
        services.TryAddSingleton(TimeProvider.System);
        services.AddCtGovClient(); // `trials sync`: the ClinicalTrials.gov API through IHttpClientFactory and its resilience pipeline
        services.AddAppDatabase(dbOptions, dataDir);
        if (prepare && !dbOptions.IsPostgres)
            fileWarnings.AddRange(DataFiles.PrepareSqlite(dbOptions.ConnectionString ?? $"Data Source={Path.Combine(dataDir, "alknav.db")}"));

        var dp = services.AddDataProtection().SetApplicationName("AlkNavigator");
        if (dbOptions.IsPostgres) dp.PersistKeysToDbContext<AppDbContext>();
        else
        {
            var keysDir = Path.Combine(dataDir, "keys");
            if (prepare && DataFiles.PrepareDirectory(keysDir) is { } keysWarning) fileWarnings.Add(keysWarning);
            if (prepare) fileWarnings.AddRange(DataFiles.TightenFiles(keysDir, "*.xml"));
            dp.PersistKeysToFileSystem(new DirectoryInfo(keysDir));
        }
        KeyProtection.Configure(dp, config);

        services.AddIdentity<AppUser, IdentityRole>(o =>
            {
                o.User.RequireUniqueEmail = true;
                o.Password.RequiredLength = 10;
                o.Password.RequireNonAlphanumeric = false;
                o.Password.RequireUppercase = false;
                o.Password.RequireLowercase = false;
                o.Password.RequireDigit = false;
                o.Lockout.MaxFailedAccessAttempts = 5;
                o.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(15);
                o.Lockout.AllowedForNewUsers = true;
                o.SignIn.RequireConfirmedAccount = false;
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddDefaultTokenProviders();
        services.ConfigureApplicationCookie(o =>
        {
            o.LoginPath = "/account/login";
            o.LogoutPath = "/account/logout";
            o.AccessDeniedPath = "/account/accessdenied";
            o.Cookie.Name = "alknav.auth";
            o.Cookie.HttpOnly = true;
            o.Cookie.SameSite = SameSiteMode.Lax;
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
            o.SlidingExpiration = true;
            o.ExpireTimeSpan = TimeSpan.FromHours(8);
            // The JSON API answers 401/403 instead of redirecting to the login page.
            o.Events.OnRedirectToLogin = c => ApiOr(c, StatusCodes.Status401Unauthorized);
            o.Events.OnRedirectToAccessDenied = c => ApiOr(c, StatusCodes.Status403Forbidden);
            // Every request: is the session's security stamp still the account's? (one query; see SessionCheck)
            o.Events.OnValidatePrincipal = SessionCheck.ValidateAsync;
            // Server-side sessions: each sign-in gets a UserSession row named in the cookie; signing out revokes it.
            o.Events.OnSigningIn = UserSessions.SigningInAsync;
            o.Events.OnSigningOut = UserSessions.SigningOutAsync;
            static Task ApiOr(Microsoft.AspNetCore.Authentication.RedirectContext<Microsoft.AspNetCore.Authentication.Cookies.CookieAuthenticationOptions> c, int status)
            {
                if (c.Request.Path.StartsWithSegments("/api", StringComparison.OrdinalIgnoreCase) || c.Request.Path.StartsWithSegments("/fhir", StringComparison.OrdinalIgnoreCase)) c.Response.StatusCode = status;
                else c.Response.Redirect(c.RedirectUri);
                return Task.CompletedTask;
            }
        });
        services.AddAntiforgery(o =>
        {
            o.Cookie.Name = "alknav.af";
            o.Cookie.SecurePolicy = CookieSecurePolicy.SameAsRequest;
        });
        services.AddAuthorizationBuilder()
            .AddPolicy("Admin", p => p.RequireRole(Roles.Admin))
            .AddPolicy("Navigator", p => p.RequireRole(Roles.Navigator, Roles.Admin));

        services.AddScoped<AlkNavigator.Features.Record.RecordAccess>();
        // Trials: the in-memory catalogue for matching (reloads itself when the table changes), and a small cache for filter lists.
        services.AddSingleton<AlkNavigator.Features.Trials.Matching.TrialCatalog>();
        services.AddMemoryCache();
        services.Configure<SmtpOptions>(config.GetSection("Smtp"));
        services.AddSingleton<EmailQueue>();
        services.AddHostedService(sp => sp.GetRequiredService<EmailQueue>());
        services.AddSingleton<EmailSender>();
        services.AddSingleton<IEmailSender<AppUser>>(sp => sp.GetRequiredService<EmailSender>());
        // Symptoms: check-in and dose reminders by email (each sent once, also with several instances).
        services.AddHostedService<AlkNavigator.Features.Symptoms.SymptomReminders>();
        // Schedule: a reminder email before each planned item (each sent once, also with several instances).
        services.AddHostedService<AlkNavigator.Features.Schedule.ScheduleReminders>();
        // Schedule: plans refreshed as the days pass (once per interval across nodes, by a database lease; see PlanRefresh).
        services.AddSingleton<AlkNavigator.Features.Schedule.PlanRefresh>();
        services.AddHostedService(sp => sp.GetRequiredService<AlkNavigator.Features.Schedule.PlanRefresh>());
        // Audit retention and the optional daily backup (Audit:RetentionDays, Backup:Directory, Backup:Keep; see Maintenance).
        services.AddSingleton<Maintenance>();
        services.AddHostedService(sp => sp.GetRequiredService<Maintenance>());

        var contentDir = config["Content:Directory"] is { Length: > 0 } c ? Path.GetFullPath(c) : Path.Combine(AppContext.BaseDirectory, "content");
        services.AddSingleton(_ => ContentStore.Load(contentDir));

        services.AddRouting(o => o.LowercaseUrls = true);
        services.AddRazorPages(o =>
            {
                o.RootDirectory = "/Features";
                o.Conventions.AuthorizeFolder("/Account/Manage");
                o.Conventions.AuthorizeFolder("/Admin", "Admin");
                o.Conventions.AuthorizeFolder("/Navigator", "Navigator"); // the navigator workspace: Navigator and Admin roles only
                o.Conventions.AddPageRoute("/Home/Index", "");
            })
            .AddMvcOptions(o => o.Filters.Add(new AlkNavigator.Features.Record.RecordAccessPageFilter())); // every record handler's declared access, before it runs
        AlkNavigator.Features.Fhir.FhirMatch.AddRateLimit(services, config); // POST /fhir/ResearchStudy/$match: per client (RateLimit:FhirMatchPerClientPerMinute)
        services.AddOpenApi(AlkNavigator.Features.Record.ProfileSchemaApi.Configure); // the profile's JSON Schema in the document
        services.AddHealthChecks().AddDbContextCheck<AppDbContext>("database");
        services.AddProblemDetails();
        // HSTS (sent only on HTTPS requests, see below): preload-ready, i.e. two years, subdomains included, "preload".
        services.AddHsts(o =>
        {
            o.MaxAge = SecurityHeaders.HstsMaxAge;
            o.IncludeSubDomains = true;
            o.Preload = true;
        });

        var app = builder.Build();
        foreach (var warning in fileWarnings) app.Logger.LogWarning("{Warning}", warning);

        // App:PublicUrl (e.g. https://alknav.example.org behind a TLS proxy) fixes the scheme and host every absolute
        // link is built from (emailed reset links, invitations), so a forged Host header cannot redirect them; without
        // it the app listens on loopback only (checked above) and links use that address.
        app.Use(PublicUrl.Middleware(publicUrl, app.Services.GetRequiredService<Microsoft.AspNetCore.Hosting.Server.IServer>()));

        app.UseExceptionHandler("/error");
        app.UseStatusCodePagesWithReExecute("/error", "?code={0}");
        ApiErrors.Use(app); // under /api: errors and bare status codes as application/problem+json, never the HTML error page
        AlkNavigator.Features.Fhir.FhirApi.UseErrors(app); // under /fhir: the same as OperationOutcomes (application/fhir+json)
        var servesTls = (app.Configuration["urls"] ?? "").Contains("https://", StringComparison.OrdinalIgnoreCase) || publicUrl?.Scheme == "https";
        if (servesTls)
        {
            app.UseHsts();
            app.UseHttpsRedirection();
        }
        app.UseMiddleware<SecurityHeaders>();
        app.UseStaticFiles();
        app.UseRouting();
        app.UseAuthentication();
        app.UseRateLimiter(); // endpoint policies (after routing): /fhir/ResearchStudy/$match
        RateLimits.Use(app); // 429 + Retry-After on too many sign-in attempts or emails, per client and per account (RateLimit settings)
        app.UseMiddleware<NoStoreForPatientData>(); // Cache-Control: no-store on every signed-in response (after static files)
        app.UseAuthorization();
        app.UseAntiforgery();

        app.MapHealthChecks("/healthz", new HealthCheckOptions { ResponseWriter = WriteHealth }).AllowAnonymous();
        app.MapOpenApi("/openapi/{documentName}.json").AllowAnonymous();
        app.MapRazorPages();
        app.MapLearnApi();
        app.MapRecordApi();
        AlkNavigator.Features.Record.ProfileSchemaApi.MapProfileSchema(app);
        AlkNavigator.Features.Symptoms.SymptomsApi.MapSymptomsApi(app);
        AlkNavigator.Features.Schedule.ScheduleFeed.MapScheduleFeed(app);
        AlkNavigator.Features.Trials.TrialsApi.MapTrialsApi(app);
        AlkNavigator.Features.Fhir.FhirApi.MapFhirApi(app);
        return app;
    }

    private static Task WriteHealth(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(JsonSerializer.Serialize(new
        {
            status = report.Status.ToString(),
            // No exception text: it can reveal internal addresses or paths. The failure itself is logged.
            checks = report.Entries.Select(e => new { name = e.Key, status = e.Value.Status.ToString() }),
        }));
    }
}
