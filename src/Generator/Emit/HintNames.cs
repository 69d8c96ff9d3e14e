using System;
using System.Linq;
using NetGen.Generator.Common;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The file name of each generated source: the fully qualified class name, so Demo.Net, Other.Net and A_B.Net never
    /// share one (a shared name makes the compiler drop the generator's whole output, CS8785). The compiler compares
    /// hint names ignoring case, so classes whose names differ only in case are told apart by their rank ("-2", "-3":
    /// '-' cannot occur in a name, so no other class gets that file name).
    /// </summary>
    internal static class HintNames
    {
        public static string QualifiedName(string? ns, string className) => ns is null ? className : ns + "." + className;

        /// <param name="all">The qualified names of every network of the compilation.</param>
        public static string Stem(string qualifiedName, EquatableArray<string> all)
        {
            var sameIgnoringCase = all
                .Where(n => string.Equals(n, qualifiedName, StringComparison.OrdinalIgnoreCase))
                .Distinct(StringComparer.Ordinal)
                .OrderBy(n => n, StringComparer.Ordinal)
                .ToList();
            int rank = sameIgnoringCase.IndexOf(qualifiedName);
            return rank <= 0 ? qualifiedName : qualifiedName + "-" + (rank + 1);
        }

        public static string Network(string stem) => stem + ".g.cs";

        /// <summary>'-' again: "Demo.Net.Weights" could be the network Weights in namespace Demo.Net.</summary>
        public static string Weights(string stem) => stem + "-Weights.g.cs";
    }
}
