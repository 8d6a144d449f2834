package io.trainfree.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The executor settings of a local-cluster master, and the --spark argument spark-submit fills in. */
class LocalClusterTest {
    @Test
    void onlyLocalClusterMastersStartLocalExecutorJvms() {
        assertTrue(LocalCluster.is("local-cluster[2,1,2048]"));
        assertFalse(LocalCluster.is("local[2]"));
        assertFalse(LocalCluster.is("spark://head:7077"));
        assertFalse(LocalCluster.is(null));
    }

    @Test
    void executorsGetTheJarTheProjectDirectoryTheDataAndDjlsOfflineSwitch() {
        Map<String, String> s = LocalCluster.executorSettings("/p/spark/target/trainfree-spark.jar",
                Map.of("trainfree.home", "/p", "ai.djl.offline", "true", "user.name", "x"), Optional.of("/data"));
        assertEquals("/p/spark/target/trainfree-spark.jar", s.get("spark.executor.extraClassPath"));
        assertEquals("-Djava.awt.headless=true --enable-native-access=ALL-UNNAMED -Dtrainfree.home=/p"
                + " -Dai.djl.offline=true", s.get("spark.executor.extraJavaOptions"));
        assertEquals("/data", s.get("spark.executorEnv.TRAINFREE_DATA"));
        assertEquals(3, s.size());
    }

    @Test
    void aHomeWithSpacesStaysOneOptionAndNoDataMeansNoEnvironment() {
        Map<String, String> s = LocalCluster.executorSettings("j", Map.of("trainfree.home", "/my projects/tf"),
                Optional.empty());
        assertTrue(s.get("spark.executor.extraJavaOptions").endsWith(" -Dtrainfree.home=\"/my projects/tf\""));
        assertFalse(s.containsKey("spark.executorEnv.TRAINFREE_DATA"));
    }

    @Test
    void sparkSubmitFillsInTheMasterOfAProxiesComputeOnly() {
        assertArrayEquals(new String[] {"proxies", "compute", "-p", "synflow", "--spark", "submit"},
                SparkMain.withMaster(new String[] {"proxies", "compute", "-p", "synflow"}, "yarn"));
        String[] given = {"proxies", "compute", "--spark=local[2]"};
        assertArrayEquals(given, SparkMain.withMaster(given, "yarn"));
        String[] other = {"robot", "--seeds", "10..19"};
        assertArrayEquals(other, SparkMain.withMaster(other, "yarn"));
        String[] plain = {"proxies", "compute"};
        assertArrayEquals(plain, SparkMain.withMaster(plain, null));
    }
}
