using System.Linq;
using Microsoft.CodeAnalysis.CSharp;

namespace NetGen.Generator.Emit
{
    /// <summary>The user's names as the generated code must spell them: a class named @class is written "@class".</summary>
    internal static class Identifiers
    {
        public static string Escape(string name) =>
            SyntaxFacts.GetKeywordKind(name) != SyntaxKind.None || SyntaxFacts.GetContextualKeywordKind(name) != SyntaxKind.None ? "@" + name : name;

        /// <summary>A namespace given as plain names joined by '.', each segment escaped.</summary>
        public static string Namespace(string ns) => string.Join(".", ns.Split('.').Select(Escape));
    }
}
