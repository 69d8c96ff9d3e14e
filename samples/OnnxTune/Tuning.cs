using System.Globalization;
using NetGen.Checkpoints;
using NetGen.Data;
using NetGen.Losses;
using NetGen.Optimizers;
using NetGen.Training;

namespace NetGen.Samples.OnnxTune
{
    /// <summary>
    /// What onnx-tune does once its options are parsed and MNIST is loaded: evaluate the compiled model on the test set,
    /// fine-tune it with SGD (momentum 0.9, constant rate), evaluate after each epoch, write the tuned weights as
    /// safetensors under the model's tensor names. Apart from Program.cs (the command line and the files) so a test can
    /// run it on a small exported model and synthetic digits (tests/NetGen.Generator.Tests/Onnx/OnnxTuneSampleTests.cs).
    /// </summary>
    public static class Tuning
    {
        /// <summary>
        /// Returns null when done, else why the model does not fit the data (it must map one grey image, padded to fit when
        /// larger, to 10 logits). <paramref name="replica"/> makes the trainer's per-thread copies.
        /// </summary>
        public static string? Run(INetwork network, System.Func<INetwork> replica, long parameters, DatasetPair mnist,
            int epochs, float rate, int batch, int threads, string output, System.IO.TextWriter log)
        {
            int padTo = DataLoaderOptions.PadToFit(network.InputLength, mnist.Train);
            if ((padTo == 0 && network.InputLength != mnist.Train.Rows * mnist.Train.Cols) || network.OutputLength != 10)
                return $"the model takes {network.InputLength} inputs and gives {network.OutputLength} outputs: not a 10-class square grey image model.";
            var train = new DataLoader(mnist.Train, new DataLoaderOptions { BatchSize = batch, PadTo = padTo, Seed = 1 });
            var test = new DataLoader(mnist.Test, new DataLoaderOptions { PadTo = padTo, Shuffle = false });
            var optimizer = new SgdOptimizer(network, new SgdOptions { Schedule = new ConstantSchedule(rate), Momentum = 0.9f });
            using var trainer = new Trainer(network, new SoftmaxCrossEntropyLoss(), optimizer, threads, replica);

            var c = CultureInfo.InvariantCulture;
            log.WriteLine(string.Create(c, $"{parameters:N0} parameters from model.onnx; test error before: {trainer.Evaluate(test).ErrorPercent:F2}%"));
            for (int epoch = 0; epoch < epochs; epoch++)
            {
                var stats = trainer.TrainEpoch(train, test, epoch);
                log.WriteLine(string.Create(c,
                    $"epoch {epoch + 1}/{epochs}: train loss {stats.TrainLoss:F4}, test error {stats.TestErrorPercent:F2}%, {stats.Seconds:F1} s, {stats.ImagesPerSecond:F0} images/s"));
            }
            if (epochs > 0)
            {
                SafeTensors.Save(network, output, new System.Collections.Generic.Dictionary<string, string> { ["source"] = "model.onnx fine-tuned by onnx-tune" });
                log.WriteLine($"tuned weights: {output}");
            }
            return null;
        }
    }
}
