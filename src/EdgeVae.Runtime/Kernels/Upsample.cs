namespace EdgeVae.Runtime.Kernels;

/// <summary>Nearest-neighbour upsampling along the length: [channels × length] to [channels × length·factor], for codes or floats.</summary>
public static class Upsample
{
    public static void Nearest<T>(ReadOnlySpan<T> input, int channels, int factor, Span<T> output)
    {
        if (channels <= 0 || factor <= 0 || input.Length % channels != 0 || output.Length != input.Length * factor)
            throw new ArgumentException($"Upsample: {input.Length} values of {channels} channels upsampled by {factor} make {input.Length * factor}, not {output.Length}.");
        int length = input.Length / channels;
        for (int c = 0; c < channels; c++)
        {
            var src = input.Slice(c * length, length);
            var dst = output.Slice(c * length * factor, length * factor);
            for (int j = 0; j < length; j++) dst.Slice(j * factor, factor).Fill(src[j]);
        }
    }
}
