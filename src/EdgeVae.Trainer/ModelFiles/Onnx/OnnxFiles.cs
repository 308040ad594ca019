using EdgeVae.Trainer.Training;

namespace EdgeVae.Trainer.ModelFiles.Onnx;

/// <summary>.onnx files on disk: read whole and checked (a damaged file is a <see cref="ModelFileException"/> naming it), written atomically.</summary>
public static class OnnxFiles
{
    public static OnnxModel Read(string path)
    {
        var info = new FileInfo(path);
        if (!info.Exists) throw new ModelFileException($"{path}: no such file.");
        if (info.Length > OnnxReader.MaxBytes) throw new ModelFileException($"{path}: {info.Length:N0} bytes, over the {OnnxReader.MaxBytes:N0} EdgeVae reads.");
        try
        {
            return OnnxReader.Read(File.ReadAllBytes(path));
        }
        catch (ProtoException e)
        {
            throw new ModelFileException($"{path}: not a readable ONNX model: {e.Message}.");
        }
    }

    /// <summary>Parses bytes already in memory (the fuzz target's entry), with the same errors as <see cref="Read"/>.</summary>
    public static OnnxModel Parse(ReadOnlySpan<byte> bytes, string name)
    {
        try
        {
            return OnnxReader.Read(bytes);
        }
        catch (ProtoException e)
        {
            throw new ModelFileException($"{name}: not a readable ONNX model: {e.Message}.");
        }
    }

    public static void Write(string path, OnnxModel model)
    {
        var bytes = OnnxWriter.Write(model);
        AtomicFile.Write(path, s => s.Write(bytes));
    }
}
