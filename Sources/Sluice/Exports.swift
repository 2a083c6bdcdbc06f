// The public facade: `import Sluice` brings the data model (schemas, batches, values), the metrics
// types and the DataStream API.
@_exported import SluiceColumnar
@_exported import SluiceRuntime
@_exported import SluiceStorage
