namespace EdgeVae.Contract
{
    /// <summary>An activation tensor's quantization: real = Scale · (q − ZeroPoint).</summary>
    public readonly record struct QuantParams(float Scale, int ZeroPoint)
    {
        /// <summary>clamp(round(real / Scale) + ZeroPoint, min, max): how every float enters the integer domain.</summary>
        public int Quantize(float real, int min, int max)
        {
            int q = FixedPoint.RoundHalfAwayFromZero(real / Scale) + ZeroPoint;
            return q < min ? min : q > max ? max : q;
        }

        public float Dequantize(int q) => Scale * (q - ZeroPoint);
    }
}
