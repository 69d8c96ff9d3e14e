using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace NetGen.Generator.Emit
{
    /// <summary>
    /// The methods of one network that several layers share: kernels whose text depends only on shapes, written once
    /// (keyed by their text, the name aside) with the buffers passed in as refs, and emitted together at the end of
    /// the class. ResNet-152 repeats each bottleneck shape up to 35 times; without this every repeat had its own copy.
    /// </summary>
    internal sealed class SharedMethods
    {
        /// <summary>Stands for the method's name in its text until the name is chosen.</summary>
        public const string NameToken = "@NAME@";

        private sealed class Method
        {
            public string Name = "", Summary = "", Text = "";
            public readonly List<string> Users = new();
        }

        private readonly Dictionary<string, Method> _byText = new();
        private readonly List<Method> _methods = new();
        private readonly HashSet<string> _names = new();

        /// <summary>
        /// The name of the method whose text (a whole method, <see cref="NameToken"/> for its name, no doc comment) is
        /// <paramref name="text"/>: an earlier one with that text, or this one, named <paramref name="name"/> (or
        /// name_2, _3... if another text took it). <paramref name="user"/> is listed in its doc comment.
        /// </summary>
        public string Use(string name, string summary, string text, string user)
        {
            if (!_byText.TryGetValue(text, out var method))
            {
                string unique = name;
                for (int n = 2; !_names.Add(unique); n++) unique = $"{name}_{n}";
                method = new Method { Name = unique, Summary = summary, Text = text };
                _byText.Add(text, method);
                _methods.Add(method);
            }
            if (!method.Users.Contains(user)) method.Users.Add(user);
            return method.Name;
        }

        /// <summary>Writes every method used, in first-use order, each with who uses it.</summary>
        public void WriteAll(SourceWriter w)
        {
            if (_methods.Count == 0) return;
            w.Line("// ---- Kernels shared by layers of the same shape (their buffers passed in) ----");
            w.Line();
            foreach (var m in _methods)
            {
                string users = m.Users.Count == 1 ? $"Used by {m.Users[0]}." : $"Used by {m.Users.Count} layers: {string.Join(", ", m.Users)}.";
                w.Line($"/// <summary>{m.Summary} {users}</summary>");
                foreach (var line in m.Text.Replace(NameToken, m.Name).TrimEnd('\n').Split('\n'))
                    w.Line(line);
                w.Line();
            }
        }

        /// <summary>The text <paramref name="body"/> writes, at indentation 0, sharing this registry.</summary>
        public static string Render(SourceWriter w, Action<SourceWriter> body)
        {
            var inner = new SourceWriter { Shared = w.Shared };
            body(inner);
            return inner.ToString();
        }

        // A top-level declaration of buffer refs: "ref float a = ref At(_buffer, 12), b = ref At(_buffer, 40);  // comment"
        private static readonly Regex Declaration = new(@"^ref float (?:(\w+) = ref At\(_\w+, \d+\)(?:, |;))+");

        /// <summary>
        /// A method body with its buffer refs lifted out: the top-level <c>ref float x = ref At(_buffer, offset)</c>
        /// lines go to the caller (<see cref="Lifted.Declarations"/>) and the refs the rest uses become parameters.
        /// Null when the body reaches a buffer any other way (then it cannot be shared).
        /// </summary>
        public static Lifted? Lift(string body)
        {
            var declarations = new List<string>();
            var names = new List<string>();
            var rest = new List<string>();
            foreach (var line in body.TrimEnd('\n').Split('\n'))
            {
                var match = Declaration.Match(line);
                if (!match.Success) { rest.Add(line); continue; }
                declarations.Add(line);
                names.AddRange(match.Groups[1].Captures.Cast<Capture>().Select(c => c.Value));
            }
            string text = string.Join("\n", rest);
            if (text.Contains("At(_") || names.Distinct().Count() != names.Count) return null;
            var used = names.Where(n => Regex.IsMatch(text, $@"\b{n}\b")).ToList();
            return new Lifted(declarations, used, text);
        }

        /// <summary>
        /// Writes a method's body (text at indentation 0, from <see cref="Render"/>) as a call to the shared method
        /// with that body: the buffer refs declared here and passed in. When the body reaches its buffers otherwise,
        /// writes it as it is. <paramref name="parameters"/>/<paramref name="arguments"/>: the method's own, first.
        /// </summary>
        public static void Call(SourceWriter w, string user, string body, string name, string summary, string parameters, string arguments)
        {
            var lifted = Lift(body);
            if (lifted is null)
            {
                Inline(w, body);
                return;
            }
            foreach (var line in lifted.Declarations) w.Line(line);
            string indented = string.Join("\n", lifted.Body.Split('\n').Select(line => line.Length == 0 ? line : "    " + line));
            string text = $"private void {NameToken}<V>({Join(parameters, lifted.Parameters)}) {KernelText.Constraint}\n{{\n{indented}\n}}\n";
            w.Line($"{w.Shared.Use(name, summary, text, user)}<V>({Join(arguments, lifted.Arguments)});");
        }

        public static void Inline(SourceWriter w, string body)
        {
            foreach (var line in body.TrimEnd('\n').Split('\n')) w.Line(line);
        }

        private static string Join(string first, string second) => first.Length == 0 ? second : second.Length == 0 ? first : first + ", " + second;

        internal sealed class Lifted
        {
            public Lifted(List<string> declarations, List<string> refs, string body) { Declarations = declarations; Refs = refs; Body = body; }
            public List<string> Declarations { get; }
            /// <summary>The lifted refs the body uses, in declaration order: its parameters.</summary>
            public List<string> Refs { get; }
            public string Body { get; }
            public string Parameters => string.Join(", ", Refs.Select(r => "ref float " + r));
            public string Arguments => string.Join(", ", Refs.Select(r => "ref " + r));
        }
    }
}
