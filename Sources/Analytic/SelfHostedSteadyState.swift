public import Architectures
import Foundation
import Scenarios
import Usage
public import Workloads

/// Steady-state sizing and usage of the self-hosted engine: how many instances the workload
/// needs (CPU, memory or connections, whichever binds) and what they send.
public enum SelfHostedSteadyState {
    /// The instance shape the sizing uses (from the price sheet).
    public struct InstanceShape: Sendable {
        public var type: String
        public var vcpus: Double
        public var memoryGiB: Double
        public init(type: String, vcpus: Double, memoryGiB: Double) {
            self.type = type
            self.vcpus = vcpus
            self.memoryGiB = memoryGiB
        }
    }

    /// Sizes the deployment and returns a month of usage; the engine is sized to carry the whole
    /// workload, so nothing is lost and no limit is exceeded.
    ///
    /// Instances = max(minimum, needed + spare), where needed is the most that CPU, memory or
    /// connections call for; the instances' and the load balancer's public IPv4 addresses are
    /// held for the whole month.
    public static func evaluate(
        _ workload: Workload,
        deployment: EngineDeployment,
        calibration: EngineCalibration,
        instance: InstanceShape,
        loadBalancerUnit: (newFlowsPerSecond: Double, activeFlows: Double, processedGBPerHour: Double)
    ) -> SteadyStateResult {
        let scenario = workload.scenario
        let c = workload.concurrentConnections
        let subscriptionsPerConnection = Double(1 + workload.joinsPerConnection)
        let deliveriesPerSecond =
            workload.userSendsPerSecond * workload.userMessageRecipients
            + workload.broadcastsPerSecond * workload.broadcastRecipients
        let publishesPerSecond = workload.userSendsPerSecond + workload.broadcastsPerSecond

        // CPU (cores): the engine's measured costs plus the network work it does not do itself, or,
        // with a live calibration, the measured server cost per delivery (engine, framing, socket
        // write on loopback) plus the TLS assumption.
        let engineDeliveryCores: Double
        let networkCores: Double
        if let live = calibration.live {
            engineDeliveryCores = 0
            networkCores =
                deliveriesPerSecond
                * (live.serverCPUMicrosecondsPerDelivery + (deployment.tlsCPUMicrosecondsPerDelivery ?? 0)) * 1e-6
        } else {
            engineDeliveryCores = deliveriesPerSecond / calibration.deliveriesPerCoreSecond
            networkCores = deliveriesPerSecond * deployment.networkCPUMicrosecondsPerDelivery * 1e-6
        }
        let publishCores = publishesPerSecond * calibration.publishNanoseconds * 1e-9
        let churnCores =
            workload.connectsPerSecond
            * (calibration.connectNanoseconds + subscriptionsPerConnection * calibration.subscribeNanoseconds
                + subscriptionsPerConnection * calibration.disconnectNanosecondsPerSubscription) * 1e-9
        let idleCores = c * deployment.idleCPUMicrosecondsPerConnectionSecond * 1e-6
        let cores = engineDeliveryCores + networkCores + publishCores + churnCores + idleCores

        // Memory (bytes): per-connection OS and TLS state plus the engine's own, or, with a live
        // calibration, the server's measured RSS per connection and subscription plus what RSS
        // cannot see (TLS state and kernel socket buffers, an assumption).
        let memory: Double
        if let live = calibration.live {
            memory =
                c * (live.residentBytesPerIdleConnection + (deployment.tlsAndKernelBytesPerConnection ?? 0))
                + c * (subscriptionsPerConnection - 1) * live.residentBytesPerSubscription
        } else {
            memory =
                c * (deployment.osBytesPerConnection + calibration.bytesPerConnection)
                + c * subscriptionsPerConnection * calibration.bytesPerSubscription
        }
        let byCPU = (cores / (instance.vcpus * deployment.targetCPUUtilization)).rounded(.up)
        let byMemory = (memory / (instance.memoryGiB * 1_073_741_824 * deployment.usableMemoryShare)).rounded(.up)
        let byConnections = (c / deployment.maximumConnectionsPerInstance).rounded(.up)
        // N+1: the spare goes on top of what the load needs; the minimum (one per zone) may already cover it.
        let needed = max(byCPU, byMemory, byConnections)
        let spare = Double(deployment.spareInstances)
        let instances = max(Double(deployment.minimumInstances), needed + spare)
        let bound =
            Double(deployment.minimumInstances) >= needed + spare
            ? 0 : needed == byCPU ? 1 : needed == byMemory ? 2 : 3

        var usage = ServiceUsage()
        let seconds = workload.monthSeconds
        usage.instanceHours[instance.type] = instances * scenario.monthHours
        usage.instancePublicIPv4Hours = instances * Double(deployment.publicIPv4PerInstance) * scenario.monthHours
        let userPayload = Double(scenario.userMessages.sizeBytes) + deployment.wireOverheadBytesPerMessage
        let broadcastPayload = Double(scenario.broadcasts.sizeBytes) + deployment.wireOverheadBytesPerMessage
        let outboundPerSecond =
            workload.userSendsPerSecond * workload.userMessageRecipients * userPayload
            + workload.broadcastsPerSecond * workload.broadcastRecipients * broadcastPayload
        let inboundPerSecond = workload.userSendsPerSecond * userPayload
        usage.serverOutboundBytes = outboundPerSecond * seconds
        usage.intendedDeliveries = deliveriesPerSecond * seconds
        usage.deliveries = usage.intendedDeliveries
        if deployment.loadBalancer {
            usage.loadBalancerHours = scenario.monthHours
            let processedGBPerHour = (outboundPerSecond + inboundPerSecond) * 3600 / 1_073_741_824
            let units = max(
                workload.connectsPerSecond / loadBalancerUnit.newFlowsPerSecond,
                c / loadBalancerUnit.activeFlows,
                processedGBPerHour / loadBalancerUnit.processedGBPerHour
            )
            usage.loadBalancerCapacityUnitHours = units * scenario.monthHours
            // Internet-facing: one public IPv4 address per enabled Availability Zone.
            usage.loadBalancerPublicIPv4Hours = Double(deployment.loadBalancerAvailabilityZones) * scenario.monthHours
        }

        let metrics = [
            Metric("concurrent_connections", c, "connections"),
            Metric("deliveries_per_second", deliveriesPerSecond, "1/s"),
            Metric("cpu_cores_needed", cores, "cores"),
            Metric("cpu_cores_engine", engineDeliveryCores + publishCores + churnCores, "cores"),
            Metric("cpu_cores_network", networkCores + idleCores, "cores"),
            Metric("memory_needed_bytes", memory, "bytes"),
            Metric("instances", instances, "instances"),
            Metric("instances_needed", needed, "instances"),
            Metric("instances_spare", instances - needed, "instances"),
            Metric("instances_for_cpu", byCPU, "instances"),
            Metric("instances_for_memory", byMemory, "instances"),
            Metric("instances_for_connections", byConnections, "instances"),
            Metric("sizing_bound", Double(bound), "0 minimum, 1 CPU, 2 memory, 3 connections (needed + spare)"),
            Metric("cpu_utilization", cores / (instances * instance.vcpus), "ratio"),
        ]
        return SteadyStateResult(usage: usage, limits: [], deliveredRatio: 1, metrics: metrics)
    }
}
