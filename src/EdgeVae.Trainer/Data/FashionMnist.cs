namespace EdgeVae.Trainer.Data;

/// <summary>Fashion-MNIST from Debian's <c>dataset-fashion-mnist</c> package (gzipped IDX).</summary>
public static class FashionMnist
{
    /// <summary>Where the Debian package installs the files.</summary>
    public const string DefaultDirectory = "/usr/share/datasets/fashion-mnist";

    public static readonly string[] ClassNames =
        ["T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag", "Ankle boot"];

    /// <summary>Finds the directory: <c>EDGEVAE_FASHION_MNIST</c> if set, else the Debian path.</summary>
    public static string Locate()
    {
        string dir = Environment.GetEnvironmentVariable("EDGEVAE_FASHION_MNIST") is { Length: > 0 } env ? env : DefaultDirectory;
        if (FindFile(dir, "train-images-idx3-ubyte") is null)
            throw new DataException($"Fashion-MNIST not found in {dir}: run `apt-get install dataset-fashion-mnist` (or set EDGEVAE_FASHION_MNIST to a folder with the IDX files).");
        return dir;
    }

    public static bool IsAvailable()
    {
        try { Locate(); return true; }
        catch (DataException) { return false; }
    }

    /// <summary>The 60,000 training and 10,000 test images, pixels 0–255.</summary>
    public static (Dataset Train, Dataset Test) Load()
    {
        string dir = Locate();
        Dataset Pair(string prefix) => IdxReader.ReadPair(
            FindFile(dir, $"{prefix}-images-idx3-ubyte") ?? throw new DataException($"{dir}: {prefix}-images-idx3-ubyte(.gz) is missing; reinstall dataset-fashion-mnist."),
            FindFile(dir, $"{prefix}-labels-idx1-ubyte") ?? throw new DataException($"{dir}: {prefix}-labels-idx1-ubyte(.gz) is missing; reinstall dataset-fashion-mnist."),
            $"fashion-mnist/{prefix}", ClassNames);
        return (Pair("train"), Pair("t10k"));
    }

    private static string? FindFile(string dir, string stem)
    {
        foreach (var candidate in new[] { stem + ".gz", stem })
        {
            string path = Path.Combine(dir, candidate);
            if (File.Exists(path)) return path;
        }
        return null;
    }
}
