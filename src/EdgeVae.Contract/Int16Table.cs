namespace EdgeVae.Contract
{
    /// <summary>
    /// An int16 activation as a table (TensorFlow Lite's int16 LUT scheme): 513 samples of f at the pre-activation codes
    /// q = −32768 + 128·i, read with linear interpolation in integers:
    /// y = t[i] + ((t[i+1] − t[i])·frac + 64) &gt;&gt; 7 with i = (q + 32768) &gt;&gt; 7 and frac = (q + 32768) &amp; 127.
    /// </summary>
    public static class Int16Table
    {
        public const int Entries = 513;

        /// <summary>The pre-activation code the table's entry <paramref name="index"/> samples.</summary>
        public static int SampleCode(int index) => -32768 + 128 * index;

        /// <summary>The entry at or below code <paramref name="q"/>.</summary>
        public static int Index(int q) => (q + 32768) >> 7;

        /// <summary>The entry after <paramref name="index"/> (the last entry is its own successor).</summary>
        public static int Next(int index) => index < Entries - 1 ? index + 1 : index;

        /// <summary>How far <paramref name="q"/> lies past its entry, in 128ths.</summary>
        public static int Fraction(int q) => (q + 32768) & 127;

        /// <summary>The interpolated value between neighbouring entries <paramref name="lo"/> and <paramref name="hi"/>.</summary>
        public static int Blend(int lo, int hi, int fraction) => lo + (((hi - lo) * fraction + 64) >> 7);
    }
}
