using System.CommandLine;

namespace AlkNavigator.Cli;

/// <summary>
/// Where commands write: the Output and Error writers of the InvocationConfiguration the command line was invoked with (the
/// process's standard output and error for `alknav`, string writers for a test that runs the CLI in process), and the
/// settings that stand in for ALKNAV_ environment variables in such a test. Set once per invocation by
/// <see cref="CliApp.RunAsync(string[], InvocationConfiguration?, IReadOnlyDictionary{string, string?}?)"/>; flows with the
/// async calls of that invocation only, so tests can run several invocations at once.
/// </summary>
internal static class CliOutput
{
    private static readonly AsyncLocal<Invocation?> Current = new();

    private sealed record Invocation(InvocationConfiguration Configuration, IReadOnlyDictionary<string, string?>? Settings);

    public static TextWriter Out => Current.Value?.Configuration.Output ?? Console.Out;
    public static TextWriter Error => Current.Value?.Configuration.Error ?? Console.Error;

    /// <summary>Settings given to an in-process invocation (null for `alknav` itself, which reads its environment).</summary>
    public static IReadOnlyDictionary<string, string?>? Settings => Current.Value?.Settings;

    internal static void Begin(InvocationConfiguration configuration, IReadOnlyDictionary<string, string?>? settings) =>
        Current.Value = new Invocation(configuration, settings);

    /// <summary>
    /// Standard output as a stream, for commands that write UTF-8 bytes: the process's own for `alknav`, or one that hands what
    /// was written, decoded, to the configured Output writer when it is disposed.
    /// </summary>
    public static Stream OpenStandardOutput() => Current.Value is null ? Console.OpenStandardOutput() : new ToWriter(Out);

    /// <summary>
    /// Log lines of a command's host go to standard error: the console logger's for `alknav`, or the configured Error writer
    /// (same "level: category[event]" shape) for an in-process invocation, so a test sees the warnings a user would see.
    /// </summary>
    public static void AddErrorLogging(ILoggingBuilder logging)
    {
        if (Current.Value is null)
            logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        else
            logging.AddProvider(new WriterLoggerProvider(Error));
    }

    private sealed class WriterLoggerProvider(TextWriter writer) : ILoggerProvider
    {
        private readonly Lock _lock = new();
        private readonly TextWriter _writer = writer;

        public ILogger CreateLogger(string categoryName) => new WriterLogger(this, categoryName);

        public void Dispose() { }

        private sealed class WriterLogger(WriterLoggerProvider provider, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
            {
                var level = logLevel switch
                {
                    LogLevel.Trace => "trce", LogLevel.Debug => "dbug", LogLevel.Information => "info",
                    LogLevel.Warning => "warn", LogLevel.Error => "fail", _ => "crit",
                };
                var text = $"{level}: {category}[{eventId.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)}]\n      {formatter(state, exception)}";
                if (exception is not null) text += "\n" + exception;
                lock (provider._lock) provider._writer.WriteLine(text);
            }
        }
    }

    private sealed class ToWriter(TextWriter writer) : MemoryStream
    {
        private bool _done;

        protected override void Dispose(bool disposing)
        {
            if (disposing && !_done)
            {
                _done = true;
                writer.Write(System.Text.Encoding.UTF8.GetString(GetBuffer(), 0, (int)Length));
                writer.Flush();
            }
            base.Dispose(disposing);
        }

        public override ValueTask DisposeAsync()
        {
            Dispose(true);
            return ValueTask.CompletedTask;
        }
    }
}
