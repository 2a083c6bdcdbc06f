// The public facade: `import Sluice` brings the data model (schemas, batches, values), the metrics
// types, keyed state (ValueState, MapState, …) and the DataStream API.
@_exported import SluiceColumnar
@_exported import SluiceRuntime
@_exported import SluiceStorage
