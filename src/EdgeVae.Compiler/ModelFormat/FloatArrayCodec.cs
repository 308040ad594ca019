using System;

namespace EdgeVae.Compiler.ModelFormat
{
    /// <summary>float[] ↔ base64 of little-endian binary32, independent of the host's byte order.</summary>
    public static class FloatArrayCodec
    {
        public static string Encode(float[] values)
        {
            var bytes = new byte[values.Length * 4];
            for (int i = 0; i < values.Length; i++)
            {
                int bits = SingleToInt32Bits(values[i]);
                bytes[4 * i] = (byte)bits;
                bytes[4 * i + 1] = (byte)(bits >> 8);
                bytes[4 * i + 2] = (byte)(bits >> 16);
                bytes[4 * i + 3] = (byte)(bits >> 24);
            }
            return Convert.ToBase64String(bytes);
        }

        /// <summary>Decodes, or returns null with a reason when the text is not base64 of whole floats.</summary>
        public static float[]? TryDecode(string base64, out string? reason)
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(base64);
            }
            catch (FormatException)
            {
                reason = "is not valid base64";
                return null;
            }
            if (bytes.Length % 4 != 0)
            {
                reason = "decodes to " + bytes.Length + " bytes, not a whole number of 4-byte floats";
                return null;
            }
            var values = new float[bytes.Length / 4];
            for (int i = 0; i < values.Length; i++)
            {
                int bits = bytes[4 * i] | bytes[4 * i + 1] << 8 | bytes[4 * i + 2] << 16 | bytes[4 * i + 3] << 24;
                values[i] = Int32BitsToSingle(bits);
            }
            reason = null;
            return values;
        }

        private static unsafe int SingleToInt32Bits(float value) => *(int*)&value;

        private static unsafe float Int32BitsToSingle(int bits) => *(float*)&bits;
    }
}
