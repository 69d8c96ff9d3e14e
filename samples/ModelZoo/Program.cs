using System.Globalization;
using NetGen.Samples.ModelZoo;

// No argument: every model's summary with its totals next to the paper's. With a name: that model's summary.
var c = CultureInfo.InvariantCulture;
if (args.Length > 0)
{
    var entry = Zoo.Find(args[0]);
    if (entry is null)
    {
        Console.Error.WriteLine($"Unknown model '{args[0]}'. Models: {string.Join(", ", Zoo.Models.Select(m => m.Name))}");
        return 1;
    }
    Console.WriteLine(entry.Summary);
    return 0;
}
foreach (var m in Zoo.Models)
{
    Console.WriteLine(m.Summary);
    string paper = m.PaperParameters is long p
        ? $"paper {p.ToString("N0", c)} ({(p == m.Summary.TotalParameters ? "equal" : "DIFFERENT")})"
        : "paper: no count given";
    Console.WriteLine($"{m.Name}: {m.Summary.TotalParameters.ToString("N0", c)} parameters, {m.Summary.TotalMultiplyAdds.ToString("N0", c)} multiply-adds; {paper}; {m.Source}");
    Console.WriteLine();
}
return 0;
