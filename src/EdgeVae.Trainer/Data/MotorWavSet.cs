namespace EdgeVae.Trainer.Data;

/// <summary>
/// A machine-sound set in the DCASE/MIMII layout made from the built-in motor simulation: <c>train/normal_*.wav</c>
/// clips, and <c>test/normal_*.wav</c> and <c>test/anomaly_*.wav</c> clips with one fault each (the faults in turn),
/// every clip its own operating condition, written as 16-bit PCM: with one channel per sensor at the vibration
/// simulation's 1 kHz, or (<c>sound</c>) as a microphone hears the machine, mono at 16 kHz
/// (<see cref="MachineSoundGenerator"/>). One full-scale factor for the whole set (the largest normal training value,
/// with headroom), so levels compare across clips as a microphone's would.
/// </summary>
public static class MotorWavSet
{
    public sealed record Counts(int Train, int TestNormal, int TestAnomalous);

    public static Counts Write(string directory, int trainClips, int testClips, double seconds, ulong seed, bool sound = false)
    {
        if (trainClips < 2 || testClips < 2) throw new ArgumentException("--train-clips and --test-clips must be at least 2.");
        if (!(seconds > 0) || seconds > 600) throw new ArgumentException($"--seconds {seconds}: give a clip length in (0, 600] seconds.");
        double rate = sound ? MachineSoundGenerator.SampleRateHz : MotorSignalGenerator.SampleRateHz;
        int channels = sound ? 1 : MotorSignalGenerator.Channels;
        int samples = (int)Math.Round(seconds * rate);
        if (Directory.Exists(directory) && Directory.EnumerateFileSystemEntries(directory).Any())
            throw new IOException($"{directory} already holds files; write a WAV set into a new or empty folder.");
        var faults = sound ? MachineSoundGenerator.Faults : Enum.GetValues<MotorFault>().Where(f => f != MotorFault.Normal).ToArray();
        float[] Clip(ulong s, MotorFault fault) => sound ? MachineSoundGenerator.Record(s, samples, fault) : MotorSignalGenerator.Record(s, samples, fault).Signal;
        var train = Enumerable.Range(0, trainClips).Select(i => Clip(seed + (ulong)i, MotorFault.Normal)).ToArray();
        int testNormal = testClips / 2, testAnomalous = testClips - testNormal;
        var normal = Enumerable.Range(0, testNormal).Select(i => Clip(seed + 100_000 + (ulong)i, MotorFault.Normal)).ToArray();
        var anomalous = Enumerable.Range(0, testAnomalous).Select(i => Clip(seed + 200_000 + (ulong)i, faults[i % faults.Length])).ToArray();
        float fullScale = 1.25f * train.SelectMany(s => s).Max(v => Math.Abs(v));
        Directory.CreateDirectory(Path.Combine(directory, "train"));
        Directory.CreateDirectory(Path.Combine(directory, "test"));
        void Save(string part, string name, float[] signal) =>
            AtomicWrite(Path.Combine(directory, part, name), WavFile.Encode(new WavFile.Audio(signal.Select(v => v / fullScale).ToArray(), channels, (int)rate)));
        for (int i = 0; i < train.Length; i++) Save("train", $"normal_id_00_{i:D8}.wav", train[i]);
        for (int i = 0; i < normal.Length; i++) Save("test", $"normal_id_00_{i:D8}.wav", normal[i]);
        for (int i = 0; i < anomalous.Length; i++) Save("test", $"anomaly_id_00_{i:D8}_{faults[i % faults.Length].ToString().ToLowerInvariant()}.wav", anomalous[i]);
        return new Counts(train.Length, normal.Length, anomalous.Length);
    }

    private static void AtomicWrite(string path, byte[] bytes) => Training.AtomicFile.Write(path, s => s.Write(bytes));
}
