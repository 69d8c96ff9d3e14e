using NetGen.Generator.Model;

namespace NetGen.Generator.Emit
{
    /// <summary>Picks the emitter of each layer kind; every emitter writes one Forward and one Backward method.</summary>
    internal static class LayerEmitters
    {
        /// <param name="norm">The batch norm a wide convolution applies while compacting its rows (inference statistics).</param>
        /// <param name="normFused">This batch norm is applied by the convolution before it, except with batch statistics.</param>
        public static void EmitForward(SourceWriter w, LayerModel l, LayerModel? norm = null, bool normFused = false)
        {
            if (l.LearnsConnections) ConnectionsEmitter.EmitMix(w, l);
            if (l.Kind == LayerKind.Dense || l.RunsAsDense) DenseEmitter.EmitForward(w, l);
            else if (l.Kind == LayerKind.LocalResponseNorm) NormEmitter.EmitForward(w, l);
            else if (l.Kind == LayerKind.Dropout) DropoutEmitter.EmitForward(w, l);
            else if (l.Kind == LayerKind.GlobalAvgPool) GlobalPoolEmitter.EmitForward(w, l);
            else if (l.Kind == LayerKind.BatchNorm) BatchNormEmitter.EmitForward(w, l, normFused);
            else if (l.Kind == LayerKind.Add) AddEmitter.EmitForward(w, l);
            else if (l.Kind == LayerKind.Upsample) UpsampleEmitter.EmitForward(w, l);
            else if (l.RunsWide) WideConvEmitter.EmitForward(w, l, norm);
            else if (l.Kind == LayerKind.Conv) ConvEmitter.EmitForward(w, l);
            else if (l.Kind is LayerKind.Rbf or LayerKind.Softmax) OutputEmitter.EmitForward(w, l);
            else PoolEmitter.EmitForward(w, l);
        }

        public static void EmitBackward(SourceWriter w, LayerModel l)
        {
            if (l.LearnsConnections) ConnectionsEmitter.EmitSplit(w, l);
            if (l.Kind == LayerKind.Dense || l.RunsAsDense) DenseEmitter.EmitBackward(w, l);
            else if (l.Kind == LayerKind.LocalResponseNorm) NormEmitter.EmitBackward(w, l);
            else if (l.Kind == LayerKind.Dropout) DropoutEmitter.EmitBackward(w, l);
            else if (l.Kind == LayerKind.GlobalAvgPool) GlobalPoolEmitter.EmitBackward(w, l);
            else if (l.Kind == LayerKind.BatchNorm) BatchNormEmitter.EmitBackward(w, l);
            else if (l.Kind == LayerKind.Add) AddEmitter.EmitBackward(w, l);
            else if (l.Kind == LayerKind.Upsample) UpsampleEmitter.EmitBackward(w, l);
            else if (l.RunsWide) WideConvEmitter.EmitBackward(w, l);
            else if (l.Kind == LayerKind.Conv) ConvEmitter.EmitBackward(w, l);
            else if (l.Kind is LayerKind.Rbf or LayerKind.Softmax) OutputEmitter.EmitBackward(w, l);
            else PoolEmitter.EmitBackward(w, l);
        }

        /// <summary>The short kind shown in the summary table.</summary>
        public static string KindLabel(LayerModel l) => l.Kind switch
        {
            LayerKind.Conv => $"conv {l.Kernel}x{l.Kernel}" + (l.Stride > 1 ? $" /{l.Stride}" : "") + (l.Pad > 0 ? $" pad {l.Pad}" : "")
                + (l.Groups > 1 ? $" groups {l.Groups}" : l.HasTable ? " table" : ""),
            LayerKind.LocalResponseNorm => $"lrn {l.Kernel}",
            LayerKind.Dropout => "dropout " + l.Rate.ToString(System.Globalization.CultureInfo.InvariantCulture),
            LayerKind.GlobalAvgPool => "global avg pool",
            LayerKind.BatchNorm => "batch norm",
            LayerKind.Add => "add",
            LayerKind.Upsample => $"upsample x{l.Kernel}",
            LayerKind.Subsample => $"subsample {l.Kernel}x{l.Kernel}" + (l.Stride != l.Kernel ? $" /{l.Stride}" : ""),
            LayerKind.MaxPool => $"max pool {l.Kernel}x{l.Kernel}" + (l.Stride != l.Kernel ? $" /{l.Stride}" : "") + (l.Pad > 0 ? $" pad {l.Pad}" : ""),
            LayerKind.AvgPool => $"avg pool {l.Kernel}x{l.Kernel}" + (l.Stride != l.Kernel ? $" /{l.Stride}" : "") + (l.Pad > 0 ? $" pad {l.Pad}" : ""),
            LayerKind.Dense => "dense",
            LayerKind.Rbf => "rbf",
            _ => "softmax",
        };
    }
}
