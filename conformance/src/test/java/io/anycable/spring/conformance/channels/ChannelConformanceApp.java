package io.anycable.spring.conformance.channels;

import io.anycable.spring.conformance.support.RpcRecorder;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;

/**
 * The application of the channel scenarios: the starter's channel framework with the
 * conformance channels and a {@code CableConnectionFactory}. No component scanning: only
 * the imported beans exist.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
@Import({ ConformanceConnections.class, RpcRecorder.class, ConformanceChannels.BasicChannel.class,
		ConformanceChannels.TransmitChannel.class, ConformanceChannels.RequestChannel.class,
		ConformanceChannels.EchoChannel.class, ConformanceChannels.StateChannel.class,
		ConformanceChannels.StreamChannel.class, ConformanceChannels.LeaveAChannel.class,
		ConformanceChannels.LeaveBChannel.class, ConformanceChannels.WhisperChannel.class })
public class ChannelConformanceApp {

}
