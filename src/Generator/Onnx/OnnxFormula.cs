using System;
using System.Collections.Generic;
using System.Globalization;
using NetGen.Generator.Model;

namespace NetGen.Generator.Onnx
{
    /// <summary>
    /// An elementwise formula of one value u, as an exporter wrote it with ONNX operators (a tree of at most
    /// <see cref="MaxSize"/> operations). <see cref="Identify"/> names the NetGen activation it equals: by its operator when
    /// it is one node (LeakyRelu, Elu and Celu keep their argument), else by evaluating it in double on sample points and
    /// comparing with each activation's definition (PyTorch's, as the runtime computes it): so GELU written as
    /// u * 0.5 * (1 + erf(u / sqrt 2)) or as 0.5 u (1 + erf(u * 0.7071)) is the same GELU.
    /// </summary>
    internal sealed class OnnxFormula
    {
        public const int MaxSize = 64;

        private OnnxFormula(string op, float a, float b, OnnxFormula? left, OnnxFormula? right)
        {
            Op = op; A = a; B = b; Left = left; Right = right;
            Size = 1 + (left?.Size ?? 0) + (right?.Size ?? 0);
        }

        /// <summary>"u", "const", a binary operator (Add, Sub, Mul, Div, Pow) or a unary ONNX operator name.</summary>
        public string Op { get; }
        /// <summary>A constant's value, or a unary operator's first argument (alpha, min).</summary>
        public float A { get; }
        /// <summary>A unary operator's second argument (beta, gamma, max).</summary>
        public float B { get; }
        public OnnxFormula? Left { get; }
        public OnnxFormula? Right { get; }
        public int Size { get; }

        public static readonly OnnxFormula U = new("u", 0, 0, null, null);

        public static OnnxFormula Constant(float value) => new("const", value, 0, null, null);

        public static OnnxFormula Binary(string op, OnnxFormula left, OnnxFormula right) => new(op, 0, 0, left, right);

        public static OnnxFormula Unary(string op, OnnxFormula x, float a = 0, float b = 0) => new(op, a, b, x, null);

        /// <summary>The unary operators a formula may hold (their arguments read by the importer).</summary>
        public static readonly HashSet<string> UnaryOps = new(StringComparer.Ordinal)
        {
            "Relu", "LeakyRelu", "Sigmoid", "Tanh", "Elu", "Selu", "Celu", "Softplus", "Softsign", "HardSigmoid", "HardSwish", "Mish",
            "Gelu", "Erf", "Clip", "Exp", "Neg", "Abs", "Sqrt",
        };

        /// <summary>The formula in one line, for messages: "u * Sigmoid(u)".</summary>
        public override string ToString()
        {
            string F(float v) => v.ToString("R", CultureInfo.InvariantCulture);
            switch (Op)
            {
                case "u": return "u";
                case "const": return F(A);
                case "Add": return $"({Left} + {Right})";
                case "Sub": return $"({Left} - {Right})";
                case "Mul": return $"{Left} * {Right}";
                case "Div": return $"{Left} / {Right}";
                case "Pow": return $"{Left} ^ {Right}";
                default: return $"{Op}({Left})";
            }
        }

        /// <summary>The formula at <paramref name="u"/>, in double, with ONNX's definition of each operator.</summary>
        public double Evaluate(double u)
        {
            double x = Left?.Evaluate(u) ?? 0, y = Right?.Evaluate(u) ?? 0;
            switch (Op)
            {
                case "u": return u;
                case "const": return A;
                case "Add": return x + y;
                case "Sub": return x - y;
                case "Mul": return x * y;
                case "Div": return x / y;
                case "Pow": return Math.Pow(x, y);
                case "Relu": return Math.Max(0, x);
                case "LeakyRelu": return x >= 0 ? x : A * x;
                case "Sigmoid": return 1 / (1 + Math.Exp(-x));
                case "Tanh": return Math.Tanh(x);
                case "Elu": return x > 0 ? x : A * (Math.Exp(x) - 1);
                case "Selu": return x > 0 ? B * x : B * A * (Math.Exp(x) - 1);
                case "Celu": return Math.Max(0, x) + Math.Min(0, A * (Math.Exp(x / A) - 1));
                case "Softplus": return Math.Log(1 + Math.Exp(x));
                case "Softsign": return x / (1 + Math.Abs(x));
                case "HardSigmoid": return Math.Max(0, Math.Min(1, A * x + B));
                case "HardSwish": return x * Math.Max(0, Math.Min(1, x / 6 + 0.5));
                case "Mish": return x * Math.Tanh(Math.Log(1 + Math.Exp(x)));
                case "Gelu": return A == 0 ? Reference(ActivationKind.Gelu, x) : Reference(ActivationKind.GeluTanh, x);
                case "Erf": return Erf(x);
                case "Clip": return Math.Min(B, Math.Max(A, x));
                case "Exp": return Math.Exp(x);
                case "Neg": return -x;
                case "Abs": return Math.Abs(x);
                case "Sqrt": return Math.Sqrt(x);
                default: return double.NaN;
            }
        }

        /// <summary>The activations a formula of several operations may equal (the ones without an argument, or with their default).</summary>
        private static readonly ActivationKind[] Candidates =
        {
            ActivationKind.Identity, ActivationKind.ReLU, ActivationKind.Sigmoid, ActivationKind.Tanh, ActivationKind.ScaledTanh,
            ActivationKind.Elu, ActivationKind.Selu, ActivationKind.Celu, ActivationKind.Softplus, ActivationKind.Softsign,
            ActivationKind.Relu6, ActivationKind.Hardsigmoid, ActivationKind.Gelu, ActivationKind.GeluTanh, ActivationKind.Silu,
            ActivationKind.Mish, ActivationKind.Hardswish,
        };

        /// <summary>
        /// The activation (and its argument: LeakyRelu's slope, Elu's and Celu's alpha; NaN when it has none) this formula
        /// equals, or null. Arguments are kept only where the operator names them (one LeakyRelu, Elu or Celu node on u).
        /// </summary>
        public (ActivationKind Kind, float Argument)? Identify()
        {
            if (Left == U && Right is null)
            {
                switch (Op)
                {
                    case "LeakyRelu": return (ActivationKind.LeakyRelu, A);
                    case "Elu" when A > 0 && !float.IsInfinity(A): return (ActivationKind.Elu, A);
                    case "Celu" when A > 0 && !float.IsInfinity(A): return (ActivationKind.Celu, A);
                    case "Elu" or "Celu": return null;
                }
            }
            foreach (var kind in Candidates)
                if (Matches(kind)) return (kind, float.NaN);
            return null;
        }

        /// <summary>Whether the formula equals <paramref name="kind"/> at every sample point (to 1e-5 of max(1, |value|)).</summary>
        private bool Matches(ActivationKind kind)
        {
            for (int i = 0; i <= 96; i++)
            {
                double u = -12 + i * 0.25 + (i % 3) * 0.0371;
                double expected = Reference(kind, u), actual = Evaluate(u);
                if (double.IsNaN(actual) || Math.Abs(expected - actual) > 1e-5 * Math.Max(1, Math.Abs(expected))) return false;
            }
            return true;
        }

        /// <summary>NetGen's activations in double, PyTorch's definitions with their default arguments (Runtime/Kernels/Activations*.cs).</summary>
        public static double Reference(ActivationKind kind, double u)
        {
            switch (kind)
            {
                case ActivationKind.Identity: return u;
                case ActivationKind.ReLU: return Math.Max(0, u);
                case ActivationKind.Sigmoid: return 1 / (1 + Math.Exp(-u));
                case ActivationKind.Tanh: return Math.Tanh(u);
                case ActivationKind.ScaledTanh: return 1.7159 * Math.Tanh(2.0 / 3.0 * u);
                case ActivationKind.Elu: return u > 0 ? u : Math.Exp(u) - 1;
                case ActivationKind.Selu: return 1.0507009873554805 * (u > 0 ? u : 1.6732632423543772 * (Math.Exp(u) - 1));
                case ActivationKind.Celu: return u > 0 ? u : Math.Exp(u) - 1;
                case ActivationKind.Softplus: return u > 20 ? u : Math.Log(1 + Math.Exp(u));
                case ActivationKind.Softsign: return u / (1 + Math.Abs(u));
                case ActivationKind.Relu6: return Math.Min(6, Math.Max(0, u));
                case ActivationKind.Hardsigmoid: return Math.Min(6, Math.Max(0, u + 3)) / 6;
                case ActivationKind.Gelu: return u * (1 + Erf(u / Math.Sqrt(2))) / 2;
                case ActivationKind.GeluTanh: return u * (1 + Math.Tanh(Math.Sqrt(2 / Math.PI) * (u + 0.044715 * u * u * u))) / 2;
                case ActivationKind.Silu: return u / (1 + Math.Exp(-u));
                case ActivationKind.Mish: return u * Math.Tanh(u > 20 ? u : Math.Log(1 + Math.Exp(u)));
                case ActivationKind.Hardswish: return u * Math.Min(6, Math.Max(0, u + 3)) / 6;
                default: return double.NaN;
            }
        }

        /// <summary>erf in double: its Maclaurin series for |x| &lt; 2.5, else 1 - erfc by its continued fraction (both far below 1e-9).</summary>
        public static double Erf(double x)
        {
            if (double.IsNaN(x)) return x;
            double a = Math.Abs(x);
            if (a < 2.5)
            {
                // erf x = 2/sqrt(pi) sum (-1)^n x^(2n+1) / (n! (2n+1))
                double term = a, sum = a;
                for (int n = 1; n < 60; n++)
                {
                    term *= -a * a / n;
                    sum += term / (2 * n + 1);
                }
                return Math.Sign(x) * sum * 2 / Math.Sqrt(Math.PI);
            }
            if (a > 6) return Math.Sign(x);
            // erfc a = e^(-a^2)/sqrt(pi) * 1/(a + 1/2/(a + 1/(a + 3/2/(a + ...)))), evaluated from the tail.
            double f = a;
            for (int k = 60; k >= 1; k--) f = a + k / 2.0 / f;
            double erfc = Math.Exp(-a * a) / Math.Sqrt(Math.PI) / f;
            return Math.Sign(x) * (1 - erfc);
        }
    }
}
