using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace NetGen.DigitApp.Tests;

/// <summary>One line the app logged.</summary>
public sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id} {EventId.Name}]: {Message} {Exception?.GetType().Name}";
}

/// <summary>
/// A logger provider that keeps what the app logs at Warning and above, so tests can assert that nothing went
/// wrong on the server side (Kestrel logs an exception that escapes a handler as an Error, "ApplicationError").
/// </summary>
public sealed class RecordedLog : ILoggerProvider
{
    readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    /// <summary>Entries at Error or above, or that mention an unhandled exception.</summary>
    public IReadOnlyList<LogEntry> Problems =>
        [.. _entries.Where(e => e.Level >= LogLevel.Error || e.Message.Contains("unhandled", StringComparison.OrdinalIgnoreCase))];

    public ILogger CreateLogger(string categoryName) => new Logger(this, categoryName);

    public void Dispose() { }

    sealed class Logger(RecordedLog log, string category) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (IsEnabled(logLevel))
                log._entries.Enqueue(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
        }
    }
}
