using System.Buffers.Binary;
using System.Text.Json.Nodes;
using EdgeVae.Trainer.Data;
using EdgeVae.Trainer.Tests.Cli;

namespace EdgeVae.Trainer.Tests.Data;

/// <summary>WAV files and DCASE/MIMII-style sets of them: read exactly, refused with the reason, and scored per clip.</summary>
[Collection("console")]
public class WavTests
{
    private static WavFile.Audio Tone(int seed, bool anomalous, int channels = 1, int rate = 4000, double seconds = 1)
    {
        var rng = new Random(seed);
        int frames = (int)(rate * seconds);
        var x = new float[frames * channels];
        for (int t = 0; t < frames; t++)
            for (int c = 0; c < channels; c++)
            {
                double v = 0.4 * Math.Sin(2 * Math.PI * 50 * t / rate + c) + 0.02 * (rng.NextDouble() - 0.5);
                if (anomalous) v += 0.2 * Math.Sin(2 * Math.PI * 730 * t / rate);
                x[t * channels + c] = (float)v;
            }
        return new WavFile.Audio(x, channels, rate);
    }

    [Fact]
    public void A_written_file_reads_back_to_the_16_bit_codes_in_every_channel()
    {
        var audio = Tone(1, anomalous: false, channels: 3);
        var back = WavFile.Parse(WavFile.Encode(audio), "t.wav");
        Assert.Equal(3, back.Channels);
        Assert.Equal(4000, back.SampleRate);
        Assert.Equal(audio.Samples.Length, back.Samples.Length);
        for (int i = 0; i < audio.Samples.Length; i++)
            Assert.Equal(Math.Round(audio.Samples[i] * 32768) / 32768, back.Samples[i], 7);
        // An odd-sized chunk before the data is skipped with its pad byte.
        var bytes = WavFile.Encode(audio).ToList();
        bytes.InsertRange(36, [(byte)'L', (byte)'I', (byte)'S', (byte)'T', 3, 0, 0, 0, 1, 2, 3, 0]);
        Assert.Equal(back.Samples, WavFile.Parse(bytes.ToArray(), "t.wav").Samples);
    }

    [Theory]
    [InlineData("format", "audio format 3 (IEEE float)")]
    [InlineData("bits", "24-bit samples")]
    [InlineData("truncated", "truncated")]
    [InlineData("riff", "not a WAV file")]
    [InlineData("nodata", "no data chunk")]
    public void A_file_that_is_not_16_bit_pcm_is_refused_with_what_it_is(string damage, string reason)
    {
        var b = WavFile.Encode(Tone(2, anomalous: false));
        switch (damage)
        {
            case "format": BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(20), 3); break;
            case "bits": BinaryPrimitives.WriteUInt16LittleEndian(b.AsSpan(34), 24); break;
            case "truncated": b = b[..1000]; break;
            case "riff": b[0] = (byte)'X'; break;
            case "nodata": b = b[..36]; break;
        }
        var e = Assert.Throws<DataException>(() => WavFile.Parse(b, "clip.wav"));
        Assert.Contains("clip.wav", e.Message);
        Assert.Contains(reason, e.Message);
    }

    /// <summary>A DCASE-style set: train/ of normal clips, test/ of normal and anomalous ones.</summary>
    private static string Set(string root, int train = 10, int test = 6)
    {
        Directory.CreateDirectory(Path.Combine(root, "train"));
        Directory.CreateDirectory(Path.Combine(root, "test"));
        for (int i = 0; i < train; i++) File.WriteAllBytes(Path.Combine(root, "train", $"normal_id_00_{i:D8}.wav"), WavFile.Encode(Tone(100 + i, false)));
        for (int i = 0; i < test; i++)
        {
            File.WriteAllBytes(Path.Combine(root, "test", $"normal_id_00_{i:D8}.wav"), WavFile.Encode(Tone(200 + i, false)));
            File.WriteAllBytes(Path.Combine(root, "test", $"anomaly_id_00_{i:D8}.wav"), WavFile.Encode(Tone(300 + i, true)));
        }
        return root;
    }

    [Fact]
    public void A_wav_set_splits_by_clip_and_windows_remember_their_clip()
    {
        string root = Set(Path.Combine(Path.GetDirectoryName(TestData.TempPath("x"))!, "machine"));
        var s = DataSources.Load("wav:" + root, new DataOptions { Window = 64, Hop = 64 });
        // 9 training clips and 1 validation clip of 62 windows (4000 frames / 64); 12 test clips.
        Assert.Equal(9 * 62, s.Train.Count);
        Assert.Equal(62, s.Validation.Count);
        Assert.Equal(12 * 62, s.Test.Count);
        Assert.Equal(4000, s.Test.SampleRate);
        Assert.Equal(12, s.Test.Groups!.Distinct().Count());
        Assert.All(Enumerable.Range(0, s.Test.Count), i => Assert.Equal(s.Test.GroupNames![s.Test.Groups![i]].StartsWith("anomaly") ? 1 : 0, s.Test.Labels![i]));
        Assert.Equal(["normal", "anomaly"], s.Test.ClassNames!);
    }

    [Fact]
    public void One_recording_splits_in_time_order_into_three_parts_that_do_not_overlap()
    {
        string file = Path.Combine(Path.GetDirectoryName(TestData.TempPath("x"))!, "one.wav");
        Directory.CreateDirectory(Path.GetDirectoryName(file)!);
        File.WriteAllBytes(file, WavFile.Encode(Tone(5, false)));
        var s = DataSources.Load("wav:" + file, new DataOptions { Window = 40, Hop = 40 });
        // 4000 frames make 100 windows: 70 / 15 / 15, and the test part is the recording's end.
        Assert.Equal((70, 15, 15), (s.Train.Count, s.Validation.Count, s.Test.Count));
        Assert.Equal(WavFile.Read(file).Samples[^40..], s.Test.Row(14).ToArray());
        Assert.NotEqual(s.Validation.Row(0).ToArray(), s.Test.Row(0).ToArray());
    }

    [Fact]
    public void A_set_with_clips_that_differ_or_are_misnamed_is_refused()
    {
        string root = Set(Path.Combine(Path.GetDirectoryName(TestData.TempPath("x"))!, "mixed"), train: 3, test: 1);
        File.WriteAllBytes(Path.Combine(root, "train", "normal_id_00_99999999.wav"), WavFile.Encode(Tone(9, false, channels: 2)));
        var e = Assert.Throws<DataException>(() => DataSources.Load("wav:" + root, new DataOptions()));
        Assert.Contains("2 channels at 4000 Hz, but normal_id_00_00000000.wav has 1 channel at 4000 Hz", e.Message);
        File.Delete(Path.Combine(root, "train", "normal_id_00_99999999.wav"));
        File.WriteAllBytes(Path.Combine(root, "train", "pump_0001.wav"), WavFile.Encode(Tone(9, false)));
        var n = Assert.Throws<DataException>(() => DataSources.Load("wav:" + root, new DataOptions()));
        Assert.Contains("named normal_*.wav or anomaly_*.wav", n.Message);
    }

    [Fact]
    public void A_model_trained_on_a_wav_set_is_scored_per_clip_as_dcase_does()
    {
        string root = Set(Path.Combine(Path.GetDirectoryName(TestData.TempPath("x"))!, "fan"));
        string model = Path.Combine(root, "fan.evae");
        var t = CliRunner.Run("train", "--data", "wav:" + root, "--window", "64", "--hop", "32", "--hidden", "32", "--latent", "4", "--epochs", "5", "-o", model);
        Assert.True(t.Code == 0, t.Err);
        Assert.Contains("9 train / 1 validation / 12 test clips", t.Out + t.Err);
        Assert.Contains("4000 Hz", CliRunner.Run("info", model).Out);
        var eval = JsonNode.Parse(CliRunner.Run("eval", model, "--json").Out)!;
        Assert.Equal(12, eval["clips"]!.GetValue<int>());
        // The 730 Hz tone is plain in every anomalous clip: the clip means separate perfectly.
        Assert.Equal(1.0, eval["auroc_clip"]!.GetValue<double>());
        Assert.True(eval["auroc"]!.GetValue<double>() > 0.9);
        Assert.Equal("wav", JsonNode.Parse(File.ReadAllText(model))!["data"]!["source"]!["kind"]!.GetValue<string>());
    }

    [Fact]
    public void Data_wav_writes_a_dcase_set_from_the_motor_simulation_that_trains_and_scores_per_clip()
    {
        string dir = Path.Combine(Path.GetDirectoryName(TestData.TempPath("x"))!, "motor-wav");
        var w = CliRunner.Run("data", "wav", "-o", dir, "--train-clips", "20", "--test-clips", "16", "--seconds", "2");
        Assert.True(w.Code == 0, w.Err);
        Assert.Equal(20, Directory.GetFiles(Path.Combine(dir, "train"), "normal_*.wav").Length);
        Assert.Equal(8, Directory.GetFiles(Path.Combine(dir, "test"), "anomaly_*.wav").Length);
        var clip = WavFile.Read(Directory.GetFiles(Path.Combine(dir, "test"), "anomaly_*bearing.wav").Order().First());
        Assert.Equal(4, clip.Channels);
        Assert.Equal(1000, clip.SampleRate);
        Assert.Equal(2000, clip.Frames);
        // A second write into the same folder is refused and changes nothing.
        var before = File.ReadAllBytes(Path.Combine(dir, "train", "normal_id_00_00000000.wav"));
        Assert.Equal(3, CliRunner.Run("data", "wav", "-o", dir).Code);
        Assert.Equal(before, File.ReadAllBytes(Path.Combine(dir, "train", "normal_id_00_00000000.wav")));

        string model = Path.Combine(dir, "..", "motor-wav.evae");
        var t = CliRunner.Run("train", "--data", "wav:" + dir, "--window", "64", "--hop", "32", "--hidden", "32", "--latent", "8", "--epochs", "20", "-o", model);
        Assert.True(t.Code == 0, t.Err);
        var eval = JsonNode.Parse(CliRunner.Run("eval", model, "--json").Out)!;
        Assert.Equal(16, eval["clips"]!.GetValue<int>());
        Assert.True(eval["auroc_clip"]!.GetValue<double>() > 0.9, eval.ToJsonString());
    }
}
