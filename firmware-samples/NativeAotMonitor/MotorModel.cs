using EdgeVae;

namespace NativeAotMonitor;

/// <summary>The built-in motor model, compiled to int8 by the EdgeVae generator from motor.evae.</summary>
[EdgeVaeModel("motor.evae", Precision = EdgeVaePrecision.Int8, RamBudget = 16384, FlashBudget = 65536)]
public static partial class MotorModel;
