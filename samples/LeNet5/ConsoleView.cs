using System.Globalization;
using NetGen.Training;
using Spectre.Console;

namespace NetGen.Samples.LeNet5;

/// <summary>Everything the sample shows on the console, through Spectre.Console.</summary>
public static class ConsoleView
{
    static readonly CultureInfo C = CultureInfo.InvariantCulture;

    public static void Info(string text) => AnsiConsole.MarkupLine($"[grey]{Markup.Escape(text)}[/]");

    public static void Settings(IEnumerable<(string Name, string Value)> rows)
    {
        var grid = new Grid().AddColumn(new GridColumn().NoWrap().PadRight(2)).AddColumn();
        foreach (var (name, value) in rows)
            grid.AddRow(new Markup($"[bold]{Markup.Escape(name)}[/]"), new Text(value));
        AnsiConsole.Write(grid);
        AnsiConsole.WriteLine();
    }

    /// <summary>The layer table of the generated network, counted as LeCun et al. count.</summary>
    public static void Summary(NetworkSummary summary, string title)
    {
        var table = new Table().Title($"[bold]{Markup.Escape(title)}[/]").Border(TableBorder.Rounded)
            .AddColumn("layer").AddColumn("kind").AddColumn("output")
            .AddColumn(new TableColumn("params").RightAligned())
            .AddColumn(new TableColumn("connections").RightAligned())
            .AddColumn(new TableColumn("mult-adds").RightAligned());
        table.AddRow("input", "", $"{summary.InputChannels}@{summary.InputHeight}x{summary.InputWidth}", "", "", "");
        foreach (var l in summary.Layers)
            table.AddRow(l.Name, l.Kind, l.Shape, l.Parameters.ToString("N0", C) + (l.Trainable ? "" : " (fixed)"),
                l.Connections.ToString("N0", C), l.MultiplyAdds.ToString("N0", C));
        table.AddRow("[bold]total[/]", "", "", $"[bold]{summary.TotalParameters.ToString("N0", C)}[/]",
            $"[bold]{summary.TotalConnections.ToString("N0", C)}[/]", $"[bold]{summary.TotalMultiplyAdds.ToString("N0", C)}[/]");
        table.Caption($"{summary.TrainableParameters.ToString("N0", C)} trainable parameters");
        AnsiConsole.Write(table);
    }

    /// <summary>Runs <paramref name="trainEpoch"/> under a progress bar that shows the running loss and throughput.</summary>
    public static EpochStats WithProgressBar(int epoch, int epochs, int samples, Func<IProgress<TrainingProgress>?, EpochStats> trainEpoch)
    {
        // Redirected output (logs, CI) gets the epoch lines only, not a bar redrawn as text a hundred times.
        if (!AnsiConsole.Profile.Capabilities.Interactive)
            return trainEpoch(null);
        string label = $"epoch {epoch + 1}/{epochs}";
        return AnsiConsole.Progress()
            .AutoClear(true)
            .HideCompleted(true)
            .Columns(new TaskDescriptionColumn { Alignment = Justify.Left }, new ProgressBarColumn(), new PercentageColumn(),
                new ElapsedTimeColumn(), new RemainingTimeColumn())
            .Start(context =>
            {
                var task = context.AddTask(label, maxValue: samples);
                var progress = new InlineProgress(p =>
                {
                    task.Value = p.SamplesDone;
                    task.Description = $"{label}  loss {p.RunningLoss.ToString("F4", C)}  " +
                        $"err {(100 * p.RunningErrorRate).ToString("F2", C)}%  {p.ImagesPerSecond.ToString("N0", C)} img/s";
                });
                var stats = trainEpoch(progress);
                task.StopTask();
                return stats;
            });
    }

    public static void EpochHeader() =>
        AnsiConsole.MarkupLine("[bold]epoch  learning rate  train loss  train error  test error   seconds    images/s[/]");

    public static void Epoch(EpochStats s, int epochs)
    {
        string test = s.TestErrorPercent is { } t ? $"{t.ToString("F2", C)}%" : "-";
        AnsiConsole.MarkupLine(Markup.Escape(
            $"{$"{s.Epoch + 1}/{epochs}",5}  {s.LearningRate.ToString("G4", C),13}  {s.TrainLoss.ToString("F4", C),10}  " +
            $"{(s.TrainErrorPercent.ToString("F2", C) + "%"),11}  {test,10}  {s.Seconds.ToString("F1", C),8}  {s.ImagesPerSecond.ToString("N0", C),10}"));
    }

    /// <summary>Rows are true classes, columns predictions; the diagonal is green, errors red.</summary>
    public static void Confusion(Evaluation evaluation, IReadOnlyList<string>? classNames)
    {
        int n = evaluation.Confusion.GetLength(0);
        string Name(int k) => classNames is null ? k.ToString(C) : classNames[k];
        var table = new Table().Border(TableBorder.Simple)
            .Title($"[bold]confusion matrix[/]: rows true, columns predicted ({evaluation.Errors.ToString("N0", C)} errors in {evaluation.Count.ToString("N0", C)})")
            .AddColumn("true");
        for (int p = 0; p < n; p++)
            table.AddColumn(new TableColumn(Markup.Escape(Name(p))).RightAligned());
        table.AddColumn(new TableColumn("error").RightAligned());
        for (int t = 0; t < n; t++)
        {
            var cells = new List<string> { Markup.Escape(Name(t)) };
            int total = 0;
            for (int p = 0; p < n; p++)
            {
                int count = evaluation.Confusion[t, p];
                total += count;
                cells.Add(t == p ? $"[green]{count}[/]" : count == 0 ? "[grey]0[/]" : $"[red]{count}[/]");
            }
            double error = total == 0 ? 0 : 100.0 * (total - evaluation.Confusion[t, t]) / total;
            cells.Add($"{error.ToString("F2", C)}%");
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
    }

    public static void Result(IEnumerable<(string Name, string Value)> rows)
    {
        var table = new Table().Border(TableBorder.Rounded).Title("[bold]result[/]").AddColumn("").AddColumn(new TableColumn("").RightAligned());
        table.HideHeaders();
        foreach (var (name, value) in rows)
            table.AddRow(Markup.Escape(name), Markup.Escape(value));
        AnsiConsole.Write(table);
    }

    public static void Error(string message) => AnsiConsole.MarkupLine($"[red]error:[/] {Markup.Escape(message)}");

    /// <summary>Reports on the training thread itself (<see cref="Progress{T}"/> would post to the thread pool).</summary>
    sealed class InlineProgress(Action<TrainingProgress> report) : IProgress<TrainingProgress>
    {
        public void Report(TrainingProgress value) => report(value);
    }
}
